// Two stories pushed through the ingest API by the events tests (API and browser): a rumour
// about a county bureau's figures with a repost chain and central-media coverage, and a flood in
// Lanzhou's 七里河区 with a provincial outlet and a copy.
export const RUMOUR = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';
export const FLOOD = '兰州市七里河区暴雨引发洪水，多个村庄被淹，救援队伍正在转移受灾群众';

export const POSTS = [
  {
    id: 'r1',
    source: 'weibo',
    author: '陇上观察',
    text: RUMOUR,
    metrics: { reposts: 120, followers: 50_000 },
  },
  {
    id: 'r2',
    source: 'weibo',
    author: '网友甲',
    parent_id: 'r1',
    text: `太离谱了 //@陇上观察:${RUMOUR}`,
    metrics: { reposts: 3 },
  },
  {
    id: 'r3',
    source: 'weibo',
    author: '网友乙',
    parent_id: 'r2',
    text: `转发 //@网友甲:太离谱了 //@陇上观察:${RUMOUR}`,
  },
  {
    id: 'r4',
    source: 'news-site',
    author: '人民日报',
    url: 'http://society.people.com.cn/n1/2026/x.html',
    text: '网传青石县统计局篡改农民人均可支配收入数据，当地已成立调查组彻查数据造假问题',
  },
  { id: 'f1', source: 'weibo', author: '兰州身边事', text: FLOOD },
  {
    id: 'f2',
    source: 'news-site',
    author: '每日甘肃',
    text: '七里河区暴雨洪水：救援队伍连夜转移受灾群众，村庄被淹情况正在统计',
  },
  { id: 'f3', source: 'weibo', author: '网友丙', text: `${FLOOD}（来源：网络）` },
];
