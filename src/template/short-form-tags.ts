/**
 * CloudFormation's YAML short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) and the long forms they
 * stand for. Resolution only knows the long form, so parsing rewrites every tag through this table.
 */

/** Short-form tag → long-form key. `!Ref` and `!Condition` are not `Fn::` functions. */
export const SHORT_FORM_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/**
 * Long-form key for a tag. Unknown `!Name` tags map to `Fn::Name` so that resolution reports them
 * as unsupported functions with their location, instead of the tag silently disappearing.
 */
export function longFormOf(tag: string): string | undefined {
  const known = SHORT_FORM_TAGS[tag];
  if (known) return known;
  if (/^![A-Za-z][A-Za-z0-9]*$/.test(tag)) return `Fn::${tag.slice(1)}`;
  return undefined;
}
