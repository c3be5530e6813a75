/** Names of the config file, in lookup order; such a file is never linted as a manifest. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.kube-netlint.yaml', '.kube-netlint.yml'];
