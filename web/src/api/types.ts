// Wire types of the API, taken from the server's own zod schemas (src/server/schemas.ts) so
// the browser and the server cannot drift apart. Type-only imports: no zod in the bundle.
import type { NewReport as NewReportBody } from '../../../src/server/schemas.ts';

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
