// Wire types of the API, taken from the server's own zod schemas (src/server/schemas.ts) so
// the browser and the server cannot drift apart. Type-only imports: no zod in the bundle.
import type {
  Mention as MentionView,
  NewReport as NewReportBody,
  RiskLexiconWire as RiskLexicon,
  Scheme as SchemeView,
  SchemeTestResult as SchemeTest,
} from '../../../src/server/schemas.ts';

export type {
  ApiToken,
  AuditEntry,
  AuditVerify,
  Contact,
  CreatedApiToken,
  Informant,
  Me,
  Mention,
  MentionQuery,
  NewContact,
  NewPerson,
  NewPosition,
  NewUnit,
  NewUser,
  OrgStructure,
  Page,
  Person,
  Position,
  QuarantinedItem,
  Report,
  NewReport,
  ReprocessResult,
  Source,
  SourceRunResult,
  SourceTestResult,
  NewSource,
  Unit,
  User,
  UserPatch,
  Scheme,
  SchemeBody,
  SchemeTestResult,
  AnalysisSettings,
  AnalysisStatus,
  AnalyseResult,
  RiskLexiconWire,
} from '../../../src/server/schemas.ts';
export type { LeaderKind, Role, TokenScope, UnitScope } from '../../../src/domain/access.ts';
export type {
  ContactKind,
  OrgBody,
  PositionName,
  UnitKind,
} from '../../../src/domain/organisation.ts';

/** The file types a report may carry (the server checks the bytes against the type too). */
export type ReportAttachmentType = NonNullable<NewReportBody['attachment']>['type'];

/** The pipeline's reading of a mention (sentiment, regions, risk, schemes, similar group). */
export type MentionAnalysis = NonNullable<MentionView['analysis']>;
export type SentimentLabel = MentionAnalysis['sentiment']['label'];
/** One category of the risk lexicon (id, names, weight, terms). */
export type RiskCategory = RiskLexicon['categories'][number];
/** A scheme's default alert settings. */
export type SchemeAlert = NonNullable<SchemeView['alert']>;
export type AlertSeverity = SchemeAlert['severity'];
/** One post a scheme's test run matched, with its hit spans. */
export type SchemeSample = SchemeTest['samples'][number];
export type SchemeHit = SchemeSample['hits'][number];
