import { addMessages } from '@zhanqian/core';

addMessages({
  'auth.badTotp': { 'zh-CN': '动态验证码错误或已使用', en: 'Wrong or already used authentication code' },
  'auth.challengeExpired': {
    'zh-CN': '登录步骤已过期，请重新输入用户名和密码',
    en: 'The sign-in step expired; enter your user name and password again',
  },
  'auth.challengeStage': {
    'zh-CN': '当前登录步骤不是“{stage}”',
    en: 'The pending sign-in step is not “{stage}”',
  },
  'auth.sessionActive': {
    'zh-CN': '该账号已在其他地方登录，不允许同时登录；请先退出或等待会话超时',
    en: 'The account is signed in elsewhere and concurrent sessions are not allowed; sign out there or wait for it to time out',
  },
  'auth.totpRequired': {
    'zh-CN': '管理员账号必须使用动态验证码（双因素认证），不能关闭',
    en: 'Administrator accounts must keep the second factor (authentication codes)',
  },
  'auth.totpNotEnrolled': {
    'zh-CN': '该账号尚未绑定动态验证码',
    en: 'The account has no second factor enrolled',
  },
  'auth.passwordReused': {
    'zh-CN': '新密码不能与原密码相同',
    en: 'The new password must differ from the current one',
  },
  'auth.passwordChangedMeanwhile': {
    'zh-CN': '密码已被同时进行的另一次修改更改，请重新登录后再试',
    en: 'The password was changed by another request at the same time; sign in again and retry',
  },
  'auth.attemptsUnderWay': {
    'zh-CN': '该账号同时进行的登录尝试过多，请稍后再试',
    en: 'Too many sign-in attempts for this account are under way; try again shortly',
  },
  'auth.reauthRequired': {
    'zh-CN': '请先输入当前密码（或已绑定的动态验证码）确认身份',
    en: 'Confirm it is you first: enter your current password (or a code of your authenticator)',
  },
  'auth.userNotFound': { 'zh-CN': '账号（编号 {id}）不存在', en: 'Account {id} does not exist' },
  'auth.roleChangeForbidden': {
    'zh-CN': '不允许将“{from}”改为“{to}”：三员账号与业务账号不能互相转换，三员之间也不能互换',
    en: 'Changing “{from}” to “{to}” is not allowed: the three administrators and business accounts never convert into one another',
  },
  'auth.ownRole': { 'zh-CN': '不能修改自己的角色', en: 'You cannot change your own role' },
  'pii.badIdCard': { 'zh-CN': '身份证号码格式或校验位错误', en: 'Invalid identity-card number' },
  'pii.badPhone': { 'zh-CN': '手机号码格式错误', en: 'Invalid mobile phone number' },
  'pii.memberNotFound': { 'zh-CN': '党员（编号 {id}）不存在', en: 'Member {id} does not exist' },
  'pii.nothingToReveal': { 'zh-CN': '该党员未登记此项信息', en: 'The member has no such data on record' },
});
