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
/**
 * Names of the communities (社区), 126 in all: every community of the district at scale 1
 * (42) and up to scale 3 (126) has a name of its own; beyond that a name repeats only in
 * another street (planDistrict takes a street's communities from consecutive places in this
 * list and asserts it). None is a street's name, so '东升社区党委（站前街道）' reads clearly.
 */
export const COMMUNITY_WORDS = (
  '春华,秋实,和平,幸福,光明,新华,东升,盼盼,团结,胜利,友谊,民主,繁荣,富民,长安,振兴,兴旺,育才,滨海,红旗,' +
  '朝阳,向阳,永安,金星,银河,翠园,锦绣,花园,青年,站北,站南,渤海,金牛,辽河,明珠,阳光,和谐,紫荆,桃园,柳园,' +
  '松江,华侨,丽水,惠民,福海,永宁,仁和,东盛,西湖,北海,南山,金港,港湾,世纪,御景,公园,鑫苑,泰和,康乐,学府,' +
  '文化,工农,铁路,航运,海港,盐场,碧水,东湖,海滨,锦江,振华,文苑,财富,市场,商贸,西市,东市,北苑,南苑,中山,' +
  '人民,解放,五一,红星,曙光,晨光,春晖,丰收,前进,新城,东岳,凤凰,鹏程,利民,安康,祥和,长青,绿洲,书香,园丁,' +
  '春城,金湾,水岸,碧海,怡景,清华,学苑,龙湖,银座,宝山,平安,迎宾,兴隆,永乐,德胜,万福,同心,福星,长乐,荣华,' +
  '华府,祥瑞,锦华,金桥,玉泉,枫林'
).split(',');
/** A building branch (楼栋党支部) carries its community's name, as such branches are named: unique within the street. */
export const BUILDING_BRANCH = (community: string, n: number) => `${community}社区第${n}楼栋党支部`;
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
