/**
 * Files that travel with certificates but are not certificates: the README, lab definition, start
 * scripts and configuration snippets this app writes into its zips, and the usual notes and editor
 * droppings. They are described, never counted as problems: a README is not a broken certificate.
 */
const BY_NAME: [RegExp, string][] = [
	[/^readme(\.txt|\.md)?$/i, 'instructions written with the bundle (how to start a node and restore file modes)'],
	[/^lab\.json$/i, 'the lab definition this app saved: open it in the lab form to issue the same lab again'],
	[/^start-[\w-]+\.sh$/i, 'a start script written by the lab form'],
	[/\.(sh|bash|ps1|cmd|bat|py)$/i, 'a script'],
	[/^(sample-)?elasticsearch\.yml$/i, 'Elasticsearch settings that point at the certificate files'],
	[/\.(ya?ml)$/i, 'a YAML configuration file'],
	[/\.hcl$/i, 'a Consul agent configuration snippet'],
	[/^(postgresql|pg_hba|server)\.conf$/i, 'a server configuration snippet'],
	[/\.(conf|cnf|cfg|ini|toml|env)$/i, 'a configuration file'],
	[/\.json$/i, 'a JSON file (configuration or a roots document)'],
	[/\.(txt|md|rst|html?)$/i, 'a text document'],
	[/^(\.ds_store|thumbs\.db|desktop\.ini)$/i, "a file the operating system's file manager left in the folder"],
	[/^\._/, 'macOS resource data (AppleDouble) left by copying to another disk']
];

/** What a companion file is, by its name (the last path segment), or undefined when it should hold PKI data. */
export function describeCompanion(path: string): string | undefined {
	const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('›')) + 1).trim();
	return BY_NAME.find(([re]) => re.test(base))?.[1];
}
