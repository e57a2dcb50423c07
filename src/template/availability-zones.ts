/**
 * Fn::GetAZs without an AWS account. The real answer depends on the account; ecsnet answers
 * with a fixed list so results are reproducible: us-east-1 has six zones (us-east-1a … f), as it
 * has for long-standing accounts; every other region gets three (a, b, c), the minimum a region
 * has. Templates only ever take the first two or three with Fn::Select.
 */

/** The availability zones ecsnet reports for `region`. */
export function availabilityZones(region: string): string[] {
  const count = region === 'us-east-1' ? 6 : 3;
  return Array.from({ length: count }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
}

/**
 * The zone id (`use1-az1`) of a zone name. Real mappings differ per account; this one keeps the
 * letter order, which is enough for ids to be stable and distinct.
 */
export function availabilityZoneId(zone: string): string {
  const match = /^([a-z]+)-([a-z]+)-(\d+)([a-z])$/.exec(zone);
  if (!match) return `${zone}-az1`;
  const [, area = '', direction = '', number = '', letter = 'a'] = match;
  const short = direction.replace('north', 'n').replace('south', 's').replace('east', 'e').replace('west', 'w').replace('central', 'c');
  return `${area}${short}${number}-az${letter.charCodeAt(0) - 96}`;
}
