/**
 * The message catalogue for errors and notices that the server produces. Screens keep
 * their own catalogues; this one holds what crosses the wire. zh-CN is the default.
 */
export type Locale = 'zh-CN' | 'en';
export const DEFAULT_LOCALE: Locale = 'zh-CN';

type Catalogue = Record<string, { 'zh-CN': string; en: string }>;

const messages: Catalogue = {
  'auth.required': { 'zh-CN': '请先登录', en: 'Please sign in first' },
  'auth.badCredentials': { 'zh-CN': '用户名或密码错误', en: 'Wrong user name or password' },
  'auth.locked': {
    'zh-CN': '登录失败次数过多，账号已锁定，请于 {minutes} 分钟后再试或联系安全管理员',
    en: 'Too many failed sign-ins: the account is locked; try again in {minutes} minutes or ask the security administrator',
  },
  'auth.throttled': {
    'zh-CN': '登录尝试过于频繁，请稍后再试',
    en: 'Too many sign-in attempts from this address; try again later',
  },
  'auth.disabled': { 'zh-CN': '账号已停用', en: 'The account is disabled' },
  'auth.forbidden': {
    'zh-CN': '无权执行此操作（需要权限：{permission}）',
    en: 'Not allowed (needs permission: {permission})',
  },
  'auth.outOfScope': {
    'zh-CN': '无权访问本部门管辖范围以外的数据',
    en: 'Not allowed: the data lies outside your department’s scope',
  },
  'auth.usernameTaken': { 'zh-CN': '用户名“{username}”已存在', en: 'The user name “{username}” is taken' },
  'auth.roleConflict': {
    'zh-CN': '系统管理员、安全管理员、审计管理员三员分立，不能由同一账号兼任',
    en: 'System, security and audit administrators are separate roles no account may combine',
  },
  'auth.weakPassword': {
    'zh-CN': '密码不符合要求：至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名',
    en: 'Password too weak: at least 8 characters, three of upper case, lower case, digits and symbols, and not containing the user name',
  },
  'auth.wrongPassword': { 'zh-CN': '原密码错误', en: 'The current password is wrong' },
  'org.unitNotFound': { 'zh-CN': '组织（编号 {id}）不存在', en: 'Organization unit {id} does not exist' },
  'org.badParent': {
    'zh-CN': '“{child}”不能设在“{parent}”之下',
    en: 'A “{child}” cannot be placed under a “{parent}”',
  },
  'org.codeTaken': { 'zh-CN': '组织编码“{code}”已存在', en: 'The organization code “{code}” is taken' },
  'org.memberNotFound': { 'zh-CN': '党员（编号 {id}）不存在', en: 'Member {id} does not exist' },
  'inbox.notFound': { 'zh-CN': '消息（编号 {id}）不存在', en: 'Notice {id} does not exist' },
  'internal.error': {
    'zh-CN': '服务器内部错误，请稍后重试',
    en: 'Internal server error; please try again later',
  },
  'input.invalid': { 'zh-CN': '输入有误', en: 'Invalid input' },
  'input.date': {
    'zh-CN': '日期无效：应为 YYYY-MM-DD 格式的实际日期',
    en: 'Invalid date: expected a date that exists, written YYYY-MM-DD',
  },
  'input.badString': {
    'zh-CN': '输入有误：{path}含有空字符（U+0000）或无效的 Unicode 字符',
    en: 'Invalid input: {path} holds a NUL character (U+0000) or ill-formed Unicode',
  },
  'input.forbiddenKey': {
    'zh-CN': '输入有误：不允许的字段名“{path}”',
    en: 'Invalid input: the field name “{path}” is not allowed',
  },
  'input.tooDeep': {
    'zh-CN': '输入有误：嵌套超过 {max} 层',
    en: 'Invalid input: nested more than {max} levels deep',
  },
  'input.tooLarge': {
    'zh-CN': '输入有误：超过 {max} 个值',
    en: 'Invalid input: more than {max} values',
  },
  'input.batchTooLarge': {
    'zh-CN': '一次批量请求最多包含 {max} 个调用',
    en: 'A batch request may hold at most {max} calls',
  },
  'input.batchAuth': {
    'zh-CN': '登录与账号操作（auth.*）不能放在批量请求中，请单独发送',
    en: 'Sign-in and account calls (auth.*) cannot be batched; send each on its own',
  },
  'files.requestTooLarge': {
    'zh-CN': '上传过大：文件最大 {mb} MB',
    en: 'Upload too large: a file may be at most {mb} MB',
  },
  'input.username': {
    'zh-CN': '用户名须为 2–64 位字母、数字或 _ . @ -',
    en: 'A user name is 2–64 letters, digits or _ . @ -',
  },
  'input.required': { 'zh-CN': '{field}不能为空', en: '{field} is required' },
};

/** Registers more messages (domain packages add their own at import time). */
export function addMessages(more: Catalogue): void {
  Object.assign(messages, more);
}

/**
 * @example t('org.unitNotFound', 'en', { id: 3 }) // 'Organization unit 3 does not exist'
 */
export function t(key: string, locale: Locale, params: Record<string, string | number> = {}): string {
  const entry = messages[key];
  const template = entry ? entry[locale] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Picks zh-CN or en from an Accept-Language header; zh-CN wins when nothing matches. */
export function localeFromHeader(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}
