// Common surnames and given-name characters: plausible, invented people only.
export const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split(
    '',
  );
export const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉兰凤云莲海波宁鹏飞博文斌浩然雪梅晓东春燕丹立新宏伟振华德'.split(
    '',
  );

/** The six streets of the demo district (invented, in the style of a city district). */
export const STREETS = ['站前街道', '建设街道', '跃进街道', '东风街道', '新兴街道', '八田地街道'];
export const COMMUNITY_WORDS =
  '春华,秋实,和平,幸福,光明,新华,东升,盼盼,团结,胜利,友谊,民主,繁荣,富民,长安,振兴,兴旺,育才,滨海,红旗,朝阳'.split(
    ',',
  );
export const BUILDING_BRANCH = (n: number) => `第${n}楼栋党支部`;
export const ROADS = [
  '财富路',
  '盼盼路',
  '东升路',
  '建设路',
  '新华路',
  '渤海大街',
  '金牛山大街',
  '市场街',
  '平安路',
  '民主路',
];

/** District-level departments, each owning a portal. */
export const DEPARTMENTS = [
  { code: 'D-ZZB', name: '区委组织部', portal: 'district' },
  { code: 'D-KHB', name: '考核办', portal: 'assessment' },
  { code: 'D-GBK', name: '干部科', portal: 'cadre' },
  { code: 'D-RCB', name: '人才办', portal: 'talent' },
  { code: 'D-FGDGW', name: '非公党工委', portal: 'nonpublic' },
] as const;
