import type { ThemeConfig } from 'antd';

/**
 * The console's antd theme, for the shell and every domain's screens (the remotes share the
 * shell's antd and so its ConfigProvider). Colours are chosen for WCAG 2.1 AA contrast, which
 * GB/T 37668 (government web accessibility) follows, and many users are elderly (issue #21
 * item 19). antd's defaults miss it: links and info tags #1677ff on white 4.1:1, secondary
 * text (statistic titles, descriptions) rgba(0,0,0,.45) 3.4:1, error text #ff4d4f 3.3:1,
 * success and warning colours under 3:1. Every value here is at least 4.5:1 on white and on
 * the colour's own light background (tags, alerts).
 */
export const ADMIN_THEME: ThemeConfig = {
  token: {
    colorPrimary: '#c8161d', // party red: white on it 5.9:1, on white 5.9:1
    borderRadius: 4,
    colorInfo: '#0958d9', // 6.2:1 on white, 5.5:1 on its tag background
    colorLink: '#0958d9',
    colorSuccess: '#237804', // 5.4:1 on its tag background
    // antd derives the light backgrounds from the colour: for these dark ones it gives #adb8a5
    // (2.7:1 under success text) and #ede4d5 (4.3:1 under warning text); the light ones instead
    colorSuccessBg: '#f6ffed',
    colorWarning: '#ad4e00', // 5.1:1 on its tag background
    colorWarningBg: '#fff7e6',
    colorError: '#cf1322', // 5.6:1 on white, 5.1:1 on its tag background
    // secondary and description text (statistic titles, form help, table captions): 5.7:1 or more
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    // placeholders (inputs, and the select's placeholder, which is text axe checks): antd's
    // rgba(0,0,0,.25) is #bfbfbf, 1.8:1; this is 4.9:1 on white, 4.75:1 on #f0f0f0, and still
    // lighter than the 0.88 of a value
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
  components: {
    // a preset tag writes in shade 7 of its hue on shade 1: for these seven that is 2.1–4.4:1
    // (orange #d46b08 3.3:1, gold #d48806 2.8:1); shade 8 instead (9 for gold, yellow and lime),
    // 5.1:1 or more. Red, magenta, blue, geekblue and purple are 5:1 or more as they are.
    Tag: {
      volcano7: '#ad2102', // 6.4:1 on #fff2e8
      orange7: '#ad4e00', // 5.1:1 on #fff7e6
      gold7: '#874d00', // 6.5:1 on #fffbe6
      yellow7: '#876800', // 5.2:1 on #feffe6
      lime7: '#3f6600', // 6.6:1 on #fcffe6
      green7: '#237804', // 5.4:1 on #f6ffed
      cyan7: '#006d75', // 5.8:1 on #e6fffb
    },
    // an empty table's 暂无数据 is written in the disabled colour (#bfbfbf, 1.8:1)
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.56)' },
  },
};
