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
  'auth.adminAppRefused': {
    'zh-CN': '党员账号不能登录管理后台，请使用党员手机端登录：/m/',
    en: 'Party member accounts do not use the admin console; sign in to the member app instead: /m/',
  },
  'auth.memberAppRefused': {
    'zh-CN': '三员管理账号不能登录党员手机端，请使用管理后台登录：/admin/',
    en: 'Administrator accounts do not use the member app; sign in to the admin console instead: /admin/',
  },
  'auth.ownRole': { 'zh-CN': '不能修改自己的角色', en: 'You cannot change your own role' },
  'pii.badIdCard': { 'zh-CN': '身份证号码格式或校验位错误', en: 'Invalid identity-card number' },
  'pii.badPhone': { 'zh-CN': '手机号码格式错误', en: 'Invalid mobile phone number' },
  'pii.memberNotFound': { 'zh-CN': '党员（编号 {id}）不存在', en: 'Member {id} does not exist' },
  'pii.nothingToReveal': { 'zh-CN': '该党员未登记此项信息', en: 'The member has no such data on record' },
});

addMessages({
  'setup.alreadyDone': {
    'zh-CN': '平台已有区级组织，首次设置不能再次进行',
    en: 'The platform already holds a district; first-run set-up cannot run again',
  },
  'setup.badCode': {
    'zh-CN': '设置码错误或已使用',
    en: 'Wrong or already used setup code',
  },
  'setup.codeExpired': {
    'zh-CN': '设置码已过期或尝试次数过多，请重新运行 zq start --no-seed 获取新的设置码',
    en: 'The setup code expired or met too many wrong guesses; run zq start --no-seed again for a new one',
  },
  'setup.badUsername': {
    'zh-CN': '用户名“{username}”无效：2–64 位字母、数字或 _ . @ -',
    en: 'User name “{username}” is invalid: 2–64 letters, digits or _ . @ -',
  },
  'setup.duplicateUsername': {
    'zh-CN': '四个管理员的用户名必须互不相同',
    en: 'The four administrators need four different user names',
  },
  'setup.districtRequired': {
    'zh-CN': '请填写区级组织的名称和编码',
    en: 'Give the district’s name and code',
  },
  'accounts.badActivation': {
    'zh-CN': '账号或激活码错误，或激活码已使用',
    en: 'Wrong user name or activation code, or the code was already used',
  },
  'accounts.activationExpired': {
    'zh-CN': '激活码已过期，请联系系统管理员重新发放',
    en: 'The activation code expired; ask the system administrator for a new one',
  },
  'accounts.badValidDays': {
    'zh-CN': '有效期须为 1–{max} 天',
    en: 'The validity must be 1–{max} days',
  },
  'accounts.notCandidate': {
    'zh-CN': '以下党员不在所选组织内、不在册或已有账号：{ids}',
    en: 'These members are not on the roll of the chosen unit, or already have an account: {ids}',
  },
  'accounts.noneToCreate': {
    'zh-CN': '所选组织内没有尚未开通账号的党员',
    en: 'Every member of the chosen unit already has an account',
  },
  'accounts.tooMany': {
    'zh-CN': '一次最多为 {max} 名党员开通账号，请选择更小的范围',
    en: 'At most {max} accounts per request; choose a smaller unit',
  },
  'accounts.notActivatable': {
    'zh-CN': '账号 {id} 不是由党员名册批量开通的账号',
    en: 'Account {id} was not created from the member roster',
  },
  'accounts.alreadyActivated': {
    'zh-CN': '账号 {username} 已激活，无需重新发放激活码',
    en: 'Account {username} is already activated',
  },
  'accounts.notPending': {
    'zh-CN': '账号 {id} 不是待分配角色的账号',
    en: 'Account {id} is not awaiting a role',
  },
  'accounts.noProposedRole': {
    'zh-CN': '账号 {id} 没有拟定角色，请指定要授予的角色',
    en: 'Account {id} has no proposed role; choose the role to grant',
  },
});
