/**
 * The shell side of completion: each script hands the words up to the cursor to the hidden
 * `flightctl __complete -- WORD…` and shows what it answers. The answer's first line is `:files`
 * (complete file names) or `:words` (offer the following lines, one candidate each).
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const bash = `# bash completion for flightctl
# Load it in this shell with: source <(flightctl completion bash)
_flightctl() {
    local -a lines
    mapfile -t lines < <("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
    if [[ \${lines[0]} == ":files" ]]; then
        compopt -o default 2>/dev/null
        COMPREPLY=()
        return
    fi
    COMPREPLY=("\${lines[@]:1}")
}
complete -F _flightctl flightctl
`;

const zsh = `#compdef flightctl
# zsh completion for flightctl
# Load it in this shell with: source <(flightctl completion zsh)
_flightctl() {
    local -a lines
    lines=("\${(@f)$(\${words[1]} __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ \${lines[1]} == ":files" ]]; then
        _files
    else
        compadd -- "\${(@)lines[2,-1]}"
    fi
}
if [[ "\${funcstack[1]}" == "_flightctl" ]]; then
    _flightctl "$@"
else
    compdef _flightctl flightctl
fi
`;

const fish = `# fish completion for flightctl
# Load it in this shell with: flightctl completion fish | source
function __flightctl_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l lines ($tokens[1] __complete -- $tokens[2..-1] "$current" 2>/dev/null)
    if test "$lines[1]" = ":files"
        __fish_complete_path "$current"
    else
        printf '%s\\n' $lines[2..-1]
    end
end
complete -c flightctl -f -a '(__flightctl_complete)'
`;

export const COMPLETION_SCRIPTS: Readonly<Record<Shell, string>> = { bash, zsh, fish };
