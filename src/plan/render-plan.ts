/**
 * The plan as text for `ecsnet plan`: one table per question users ask — which subnet runs
 * out and when, how full each instance is and why its awsvpc limit is what it is, which
 * services got their tasks and why not. Pure: it returns the text, the CLI prints it.
 */
import { formatDiagnostic } from '../diagnostics.js';
import type { Plan, RunsOutAt } from './types.js';

/** Lays rows out in columns; the last column is not padded so long reasons stay readable. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function runsOut(entry: RunsOutAt): string {
  const unit = entry.kind === 'service' ? 'tasks' : 'instances';
  return entry.full ? `${entry.id} full at ${entry.at} ${unit}` : `${entry.id} at ${entry.at} ${unit} (now ${entry.current})`;
}

/** The three earliest consumers to exhaust the subnet; --json has them all. */
function runsOutSummary(list: readonly RunsOutAt[]): string {
  if (list.length === 0) return '-';
  const shown = list.slice(0, 3).map(runsOut).join('; ');
  return list.length > 3 ? `${shown}; +${list.length - 3} more` : shown;
}

function usedBy(counts: Plan['subnets'][number]['usedBy']): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}

/** Renders the plan as readable tables. */
export function renderPlan(plan: Plan): string {
  const s = plan.settings;
  const out: string[] = [
    `Plan: trunking ${s.trunking ? 'on' : 'off'}, dynamic host ports ${s.dynamicPortRange[0]}-${s.dynamicPortRange[1]}, reserved ports ${s.reservedTcpPorts.join(', ')}`,
    '',
    'Subnets',
  ];
  if (plan.subnets.length === 0) out.push('(none)');
  else
    out.push(
      ...table(
        ['SUBNET', 'AZ', 'CIDR', 'SIZE', 'USABLE', 'USED', 'FREE', 'USED BY', 'RUNS OUT'],
        plan.subnets.map((sn) => [
          sn.id,
          sn.az,
          sn.cidr,
          String(sn.size),
          String(sn.usable),
          String(sn.used),
          String(sn.free) + (sn.albScaling && !sn.albScaling.ok ? ' (ALB needs 8)' : ''),
          usedBy(sn.usedBy) || '-',
          runsOutSummary(sn.runsOutAt),
        ]),
      ),
    );

  out.push('', 'Instances');
  if (plan.instances.length === 0) out.push('(none)');
  else {
    out.push(
      ...table(
        ['INSTANCE', 'TYPE', 'AZ', 'IP', 'TASKS', 'AWSVPC', 'CPU', 'MEMORY', 'PORTS RSV+DYN', 'AWSVPC LIMIT'],
        plan.instances.map((i) => [
          i.name,
          i.instanceType,
          i.az,
          i.privateIp,
          String(i.used.tasks),
          `${i.used.awsvpcTasks}/${i.capacity.awsvpcTasks}`,
          `${i.used.cpuUnits}/${i.capacity.cpuUnits}`,
          `${i.used.memoryMiB}/${i.capacity.memoryMiB}`,
          `${i.used.reservedPorts}+${i.used.dynamicPorts}`,
          i.clusterId ? i.capacity.awsvpcWhy : `not a container instance; ${i.capacity.awsvpcWhy}`,
        ]),
      ),
    );
  }

  out.push('', 'Services');
  if (plan.services.length === 0) out.push('(none)');
  else {
    out.push(
      ...table(
        ['SERVICE', 'LAUNCH', 'MODE', 'PLACED', 'REASONS'],
        plan.services.map((sv) => [
          sv.id,
          sv.launchType,
          sv.networkMode,
          `${sv.placed}/${sv.desired}${sv.desiredSource === 'what-if' ? '*' : ''}`,
          sv.unplaced.map((u) => `${u.reason}: ${u.count} task${u.count === 1 ? '' : 's'} from task ${u.firstTask} — ${u.detail}`).join('; ') || '-',
        ]),
      ),
    );
    if (plan.services.some((sv) => sv.desiredSource === 'what-if')) out.push('* desired count from --scale');
  }

  if (plan.notes.length > 0) {
    out.push('', 'Notes');
    out.push(...plan.notes.map(formatDiagnostic));
  }
  return out.join('\n') + '\n';
}
