/** The platform's resource-monitor thresholds rise: notify < suspend < suspend immediately. */
import type { ConfigCheck } from './check';

export const resourceMonitorThresholds: ConfigCheck = {
  name: 'resource-monitor-thresholds',
  run: ({ parsed }) => {
    const m = parsed.platform?.guardrails.resourceMonitor;
    if (!m) return [];
    const thresholds = [...m.notifyPercents, m.suspendPercent, m.suspendImmediatePercent];
    // Each above the one before it (the first has none).
    if (thresholds.every((t, i) => t > (thresholds[i - 1] ?? -Infinity))) return [];
    return [
      {
        file: parsed.files.platform,
        path: 'guardrails.resourceMonitor',
        message: 'thresholds must be strictly ascending: notify < suspend < suspendImmediate',
        given: m,
      },
    ];
  },
};
