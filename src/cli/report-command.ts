// `yuqing report daily|weekly|monthly --date D --out FILE.docx`: a briefing (日报/周报/月报) of the
// configured store, made as the system (recorded as made from the command line), kept as a
// numbered issue like any other, and written as DOCX, or HTML when FILE ends in .html. --unit
// makes a city bureau's own briefing (its unit code, e.g. C620100). A 专报 is made on the 简报
// page or through the API (it needs a person's access to the incident).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { PERIODIC_KINDS, type PeriodicKind } from '../reports/briefing-period.ts';
import { renderDocx } from '../reports/docx-render.ts';
import { renderHtml } from '../reports/html-render.ts';
import type { ReportDocument } from '../reports/document.ts';
import { createServices } from '../server/app.ts';
import { SYSTEM, type ServiceDeps } from '../services/context.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type { Store } from '../store/db.ts';

export type WithStore = <T>(
  config: Config,
  fn: (deps: ServiceDeps, store: Store) => Promise<T>,
) => Promise<T>;

export interface ReportOptions {
  date: string;
  out: string;
  unit?: string;
}

/** Checks the arguments before the store is opened; answers the kind and format. */
export function checkReportArgs(
  kind: string,
  opts: ReportOptions,
): { kind: PeriodicKind; format: 'docx' | 'html'; out: string } {
  const k = PERIODIC_KINDS.find((x) => x === kind);
  if (!k)
    throw new AppError(
      400,
      'invalid_input',
      `unknown kind "${kind}": one of ${PERIODIC_KINDS.join(', ')} (a 专报 is made on the 简报 page or through the API)`,
    );
  const ext = path.extname(opts.out).toLowerCase();
  const format = ext === '.docx' ? 'docx' : ext === '.html' || ext === '.htm' ? 'html' : null;
  if (!format)
    throw new AppError(
      400,
      'invalid_input',
      `--out ${opts.out}: name a .docx file (Word) or an .html file`,
    );
  const out = path.resolve(opts.out);
  if (!fs.existsSync(path.dirname(out)))
    throw new AppError(400, 'invalid_input', `--out ${opts.out}: no folder ${path.dirname(out)}`);
  return { kind: k, format, out };
}

export function registerReportCommand(program: Command, withStore: WithStore): void {
  program
    .command('report <kind>')
    .description(
      'make a briefing (daily 日报, weekly 周报 or monthly 月报) of the configured store and write it ' +
        'to --out as Word (.docx) or HTML (.html); it is kept as a numbered issue like those made ' +
        'on the 简报 page',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'a day of the period (Asia/Shanghai calendar)')
    .requiredOption('--out <file>', 'where to write it: FILE.docx or FILE.html')
    .option('--unit <code>', 'a city bureau’s own briefing (its unit code, e.g. C620100)')
    .action(async (kind: string, opts: ReportOptions) => {
      const args = checkReportArgs(kind, opts);
      const config = loadConfig();
      await withStore(config, async (deps) => {
        const services = createServices(deps, config.publicUrl);
        let unitId: string | undefined;
        if (opts.unit !== undefined) {
          const unit = await new OrgRepository(deps.store.db).getUnitByCode(opts.unit);
          if (!unit)
            throw new AppError(400, 'invalid_input', `--unit: no unit with code ${opts.unit}`);
          unitId = unit.id;
        }
        let made;
        try {
          made = await services.briefings.generate(
            SYSTEM,
            { kind: args.kind, date: opts.date, ...(unitId ? { unitId } : {}) },
            'cli',
          );
        } catch (e: unknown) {
          // The service names API fields (body.date, body.unitId); say the option instead.
          if (e instanceof AppError && e.code === 'invalid_input')
            throw new AppError(
              400,
              'invalid_input',
              e.message.replace(/^date:/, '--date:').replace(/^body\.unitId:/, '--unit:'),
            );
          throw e;
        }
        const doc: ReportDocument = made.document;
        const bytes =
          args.format === 'docx'
            ? await renderDocx(doc)
            : Buffer.from(await renderHtml(doc), 'utf8');
        fs.writeFileSync(args.out, bytes);
        console.log(
          `${made.title}（${made.subtitle}）: wrote ${args.out} (${bytes.length} bytes); stored as briefing ${made.id}`,
        );
      });
    });
}
