/** The variables of `env` that are set: an empty one counts as unset, as Terraform and shells often leave them. */
export function setVariables(env: Record<string, string | undefined>): Record<string, string> {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== "") set[name] = value;
  return set;
}
