// The demo organisation's monitoring schemes: what a statistics bureau's office would watch
// (data quality, its own name, statistical releases, the demo rumour's county). Kept by the
// office on the provincial bureau, with default alert settings where an alert makes sense.
import type { SchemeInput } from '../services/scheme.service.ts';

export const DEMO_SCHEMES: SchemeInput[] = [
  {
    name: '统计数据质量',
    description: '质疑统计数据真实性的言论：造假、注水、打架、瞒报虚报',
    query:
      '(统计 | 数据 | GDP | 增速) (造假 | 注水 | 数据打架 | 失实 | 瞒报 | 虚报 | 弄虚作假 | "编出来")',
    alert: { severity: 'high', min_volume: 5, negative_only: true },
  },
  {
    name: '本局及市州统计机构',
    description: '提到省统计局或各市州统计局的内容',
    query: '(甘肃省统计局 | 省统计局 | 统计局) -招聘 -招考 -公务员考试',
    alert: null,
  },
  {
    name: '统计发布与解读',
    description: '统计公报、经济运行情况发布及其解读',
    query:
      '(统计公报 | 经济运行 | 地区生产总值 | 人口普查 | 经济普查 | 抽样调查) (发布 | 解读 | 数据)',
    alert: null,
  },
  {
    name: '青石县（演示事件）',
    description: '演示场景中的虚构县：其统计数据舆情',
    query: '青石县 | 青石縣 | NEAR/8(青石, 统计)',
    alert: { severity: 'major', min_volume: 3, negative_only: false },
  },
];
