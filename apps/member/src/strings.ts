// The entry's own strings: the sign-in page's. The shell's and its pages' are added with the
// shell's chunk (shell-strings.ts), out of the sign-in route's 200 KB (scripts/bundle-size.ts).
export const strings = {
  'zh-CN': {
    'login.activate': '首次登录？激活账号',
  },
  en: {
    'login.activate': 'First sign-in? Activate my account',
  },
};
