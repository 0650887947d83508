#!/usr/bin/env bash
# Makes the Terraform AWS provider usable offline: finds a filesystem mirror that holds it and
# writes a Terraform CLI config using that mirror. Prints the config's path on stdout; messages
# go to stderr. Usage (from anywhere in the repository):
#
#   export TF_CLI_CONFIG_FILE="$(scripts/terraform-mirror.sh)"
#
# Settings:
#   TF_CLI_CONFIG_FILE               an existing file is kept as it is (your own config wins)
#   DARKROOM_TF_PLUGIN_DIR           the mirror directory (the one holding registry.terraform.io/)
#   DARKROOM_TF_AWS_PROVIDER_VERSION the provider version to look for (default 5.100.0)
#   DARKROOM_TF_CLI_CONFIG           where to write the config (default <repo>/.darkroom/terraformrc)
# Without a setting it looks in the usual mirror directories, then searches the disk.
# Exit status: 0 with a config path, 3 when no mirror was found (Terraform will then try to
# download the provider from the registry), 2 on a bad setting.
set -euo pipefail

version="${DARKROOM_TF_AWS_PROVIDER_VERSION:-5.100.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config_file="${DARKROOM_TF_CLI_CONFIG:-$repo_root/.darkroom/terraformrc}"
provider_path="registry.terraform.io/hashicorp/aws"

say() { printf 'terraform-mirror: %s\n' "$*" >&2; }

# True if $1 is a mirror root holding the provider in either layout Terraform reads:
# unpacked (<root>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/) or packed (.zip).
holds_provider() {
  local root="$1"
  compgen -G "$root/$provider_path/$version/*/terraform-provider-aws*" >/dev/null ||
    compgen -G "$root/$provider_path/terraform-provider-aws_${version}_*.zip" >/dev/null
}

# The mirror root above a provider file found on disk: the parent of its registry.terraform.io.
mirror_root_of() {
  local dir
  dir="$(dirname "$1")"
  while [[ "$dir" != "/" && "$(basename "$dir")" != "registry.terraform.io" ]]; do dir="$(dirname "$dir")"; done
  [[ "$dir" != "/" ]] && dirname "$dir"
}

find_mirror() {
  if [[ -n "${DARKROOM_TF_PLUGIN_DIR:-}" ]]; then
    if holds_provider "$DARKROOM_TF_PLUGIN_DIR"; then
      echo "$DARKROOM_TF_PLUGIN_DIR"
      return 0
    fi
    say "DARKROOM_TF_PLUGIN_DIR=$DARKROOM_TF_PLUGIN_DIR holds no $provider_path $version"
    exit 2
  fi
  local candidate
  for candidate in /opt/tf-plugins /usr/share/terraform/plugins /usr/local/share/terraform/plugins \
    "${HOME:-/root}/.terraform.d/plugins" "${HOME:-/root}/.local/share/terraform/plugins" \
    "${HOME:-/root}/.terraform.d/plugin-cache"; do
    if holds_provider "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  # Last resort: search the disk, skipping virtual file systems, bounded in depth and time.
  say "searching the disk for terraform-provider-aws $version (at most 60 s)"
  local found root
  while IFS= read -r found; do
    if root="$(mirror_root_of "$found")" && holds_provider "$root"; then
      echo "$root"
      return 0
    fi
  done < <(timeout 60 find / -maxdepth 9 \
    \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -name node_modules -o -name .git \) -prune -o \
    -name "terraform-provider-aws*" -path "*$version*" -print 2>/dev/null || true)
  return 1
}

if [[ -n "${TF_CLI_CONFIG_FILE:-}" && -f "$TF_CLI_CONFIG_FILE" ]]; then
  say "keeping TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE"
  echo "$TF_CLI_CONFIG_FILE"
  exit 0
fi

status=0
mirror="$(find_mirror)" || status=$?
if ((status == 2)); then exit 2; fi
if ((status != 0)); then
  say "no filesystem mirror holds $provider_path $version; Terraform will download it from the registry"
  say "(to work offline: terraform providers mirror <dir>, then DARKROOM_TF_PLUGIN_DIR=<dir>)"
  exit 3
fi

mkdir -p "$(dirname "$config_file")"
cat >"$config_file" <<CONFIG
# Written by scripts/terraform-mirror.sh: the AWS provider from a local mirror, the rest as usual.
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
CONFIG
say "AWS provider $version from $mirror (config: $config_file)"
echo "$config_file"
