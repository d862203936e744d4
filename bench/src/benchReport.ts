import type { CoreBenchResult } from './coreBench.ts';
import { checkTargets, formatDurableCeiling, formatTargets } from './benchTargets.ts';
import type { FsyncRate } from './fsyncRate.ts';
import { formatPeerComparison } from './peerComparison.ts';
import { formatCoreTable } from './coreBench.ts';
import type { MachineInfo } from './machineInfo.ts';
import type { LoadSettings } from './runLoad.ts';
import type { StackReport } from './runStack.ts';

/** What `npm run bench` writes to bench/results/latest.json. */
export interface BenchReport {
  machine: MachineInfo;
  load: LoadSettings & { tool: string };
  runs: StackReport[];
  core: CoreBenchResult[];
  /** The disk's durable-append rate, measured in the same run. */
  fsyncRate: FsyncRate;
  /** Whether the run was the whole benchmark (latest.*), not a shortened one (partial.*). */
  complete: boolean;
}

const databaseNames: Record<string, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

function round(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatStackTable(run: StackReport): string {
  const lines = [
    '| scenario | req/s | × baseline | p50 ms | p99 ms | errors | non-2xx | confirmed / sent |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of run.scenarios) {
    const flag = s.exhausted ? ' (prepared state ran out)' : '';
    lines.push(`| ${s.label}${flag} | ${round(s.rps)} | ${s.id === 'baseline' ? '1' : s.ratio.toFixed(3)} | ${round(s.p50Ms)} | ${round(s.p99Ms)} | ${s.errors} | ${s.non2xx} | ${s.confirmed} / ${s.sent} |`);
  }
  return lines.join('\n');
}

function formatMemory(run: StackReport): string {
  return Object.entries(run.peakMemoryMiB)
    .map(([name, mib]) => `${name} ${mib === null ? 'n/a' : `${round(mib)} MiB`}`)
    .join(', ');
}

export function machineLine(machine: MachineInfo): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${round(machine.totalMemoryGiB)} GiB, Node ${machine.node}, ${machine.platform}`;
}

/** The short Markdown report (bench/results/latest.md, and the README's section). */
export function formatMarkdown(report: BenchReport, headingLevel = 2): string {
  const h = '#'.repeat(headingLevel);
  const parts = [
    `Run ${report.machine.date.slice(0, 16).replace('T', ' ')} UTC on ${machineLine(report.machine)}.`,
    `${report.load.tool}, ${report.load.connections} connections on loopback, ${report.load.warmupSeconds} s warm-up then ${report.load.seconds} s measured per scenario. ` +
      '"× baseline" divides by the baseline measured in the same run: a bare Express route doing one primary-key read on the same database. ' +
      '"confirmed / sent": successes the benchmark checked itself (rows the service wrote, codes spent, reports that say ok) against requests sent in the measured run. ' +
      'Every process shares the same 2 cores (services, PostgreSQL, the proxy and autocannon), so these are ratios on one small machine, not capacity figures.',
  ];
  for (const run of report.runs) {
    parts.push(
      `${h} ${databaseNames[run.database] ?? run.database}: ${run.topology}`,
      formatStackTable(run),
      `Peak memory (VmHWM): ${formatMemory(run)}. Load average (1 min) before / after: ${run.loadAverage.before.toFixed(2)} / ${run.loadAverage.after.toFixed(2)}.`,
    );
    if (run.peer) parts.push(`${h}# 2FA sign-in with an authenticator code: ours against Better Auth 1.7.25 (interleaved pairs, same database and topology)`, formatPeerComparison(run.peer));
  }
  parts.push(`${h} Targets`, formatTargets(checkTargets(report.runs)));
  parts.push(`${h} The durable ceiling`, formatDurableCeiling(report.runs, report.fsyncRate));
  parts.push(`${h} packages/core token codec (one core)`, formatCoreTable(report.core));
  return parts.join('\n\n') + '\n';
}
