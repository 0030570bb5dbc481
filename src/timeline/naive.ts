/**
 * Zone-less wall-clock times (syslog RFC 3164, transcripts, plain logs): read in the input's IANA
 * zone, or as UTC with one warning per input. DST gaps and overlaps are counted and reported once.
 */
import { NS_PER_MS, localToUtc } from './time.js';
import type { ParseContext, TsSource } from './types.js';

export class NaiveClock {
  private asUtc = 0;
  private ambiguous = 0;
  private skipped = 0;
  private firstAmbiguous: string | undefined;
  private firstSkipped: string | undefined;

  constructor(private readonly ctx: Pick<ParseContext, 'label' | 'timezone' | 'warn'>) {}

  get tsSource(): TsSource {
    return 'assumed_tz';
  }

  /** Wall-clock parts to epoch ns. */
  toNs(y: number, mo: number, d: number, h: number, mi: number, s: number, fracNs = 0n): bigint {
    const tz = this.ctx.timezone;
    if (!tz) {
      this.asUtc++;
      return BigInt(Date.UTC(y, mo - 1, d, h, mi, s)) * NS_PER_MS + fracNs;
    }
    const r = localToUtc(tz, y, mo, d, h, mi, s);
    const shown = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
    if (r.issue === 'ambiguous') {
      this.ambiguous++;
      this.firstAmbiguous ??= shown;
    } else if (r.issue === 'skipped') {
      this.skipped++;
      this.firstSkipped ??= shown;
    }
    return BigInt(r.utcMs) * NS_PER_MS + fracNs;
  }

  /** Emits the input's warnings; call once when the input is done. */
  finish(): void {
    const { label, timezone } = this.ctx;
    if (this.asUtc > 0) {
      this.ctx.warn(
        `${label}: ${this.asUtc} timestamp(s) without a time zone were read as UTC; pass inputs[].timezone (an IANA name such as Europe/Berlin) if they are local times.`,
      );
    }
    if (this.ambiguous > 0) {
      this.ctx.warn(
        `${label}: ${this.ambiguous} local time(s) fall in the repeated hour when ${timezone} left daylight saving time (first ${this.firstAmbiguous}); the earlier instant was used.`,
      );
    }
    if (this.skipped > 0) {
      this.ctx.warn(
        `${label}: ${this.skipped} local time(s) do not exist in ${timezone} because of the daylight saving jump (first ${this.firstSkipped}); they were moved forward past the gap.`,
      );
    }
  }
}
