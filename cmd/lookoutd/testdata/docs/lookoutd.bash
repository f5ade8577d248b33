# bash completion for lookoutd; generated from its command table by 'lookoutd _docs bash'.
_lookoutd() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  case $cmd in
    '')
      case $prev in
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --version' -- "$cur")); return; fi
      COMPREPLY=($(compgen -W 'agent run version' -- "$cur")) ;;
    agent)
      case $prev in
        --host | -host) return ;;
        --listen | -listen) return ;;
        --tls-cert | -tls-cert) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --tls-key | -tls-key) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --token-file | -token-file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --top | -top) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --host --listen --tls-cert --tls-key --token-file --top' -- "$cur")); return; fi
      ;;
    run)
      case $prev in
        --config | -config) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --listen | -listen) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --config --listen' -- "$cur")); return; fi
      ;;
    version)
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help' -- "$cur")); return; fi
      ;;
  esac
}
complete -F _lookoutd lookoutd
