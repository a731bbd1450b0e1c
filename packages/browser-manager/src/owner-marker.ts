/**
 * Every Chromium we launch carries `--marketbridge-owner=<pid>` and `--marketbridge-instance=<id>` on
 * its command line (Chromium ignores unknown switches), so a later process can find browsers whose
 * owner died and reap them, and a manager can find its own.
 */
export const OWNER_SWITCH = '--marketbridge-owner=';
export const INSTANCE_SWITCH = '--marketbridge-instance=';

export function ownerArgs(instanceId: string, pid = process.pid): string[] {
  return [`${OWNER_SWITCH}${pid}`, `${INSTANCE_SWITCH}${instanceId}`];
}

export function instanceOf(cmdline: string[]): string | undefined {
  return cmdline.find((a) => a.startsWith(INSTANCE_SWITCH))?.slice(INSTANCE_SWITCH.length);
}

export function ownerOf(cmdline: string[]): number | undefined {
  const arg = cmdline.find((a) => a.startsWith(OWNER_SWITCH));
  if (!arg) return undefined;
  const pid = Number(arg.slice(OWNER_SWITCH.length));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
