// After-action review (总结评估, [P17]): the office writes what worked and what did not on a
// draft generated from the incident's record; the leadership group signs it (document type
// `review_report`); an incident is archived only with an approved review. An approved review can
// become a case of the case library (典型案例).

/** The parts of a review document the office writes (the rest is generated from the record). */
export interface ReviewContent {
  /** 总体评价: the assessment in prose. */
  body: string;
  /** 经验做法: what worked. */
  successes: string[];
  /** 存在问题: what did not. */
  problems: string[];
  /** 改进措施: what changes next time. */
  improvements: string[];
}

/** An incident's approved review, as the case library and the exports read it. */
export interface ApprovedReview extends ReviewContent {
  incidentId: string;
  incidentTitle: string;
  grade: 'major' | 'general' | null;
  confidentiality: 'open' | 'restricted' | 'secret';
  openedAt: string;
  terminatedAt: string | null;
  /** The review document's title. */
  title: string;
  approvalId: string;
  version: number;
  approvedAt: string;
}
