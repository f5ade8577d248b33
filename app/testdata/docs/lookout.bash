# bash completion for lookout; generated from its command table by 'lookout _docs bash'.
_lookout() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --config | -config) ((i++)) ;;
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  case $cmd in
    '')
      case $prev in
        --config | -config) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --config --hidden --version' -- "$cur")); return; fi
      COMPREPLY=($(compgen -W 'alerts autostart chart check-config export hosts notify-test outbox report rules silence snapshot trust version window' -- "$cur")) ;;
    alerts)
      case $prev in
        --dir | -dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --since | -since) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --all --dir --json --since' -- "$cur")); return; fi
      ;;
    autostart)
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help' -- "$cur")); return; fi
      COMPREPLY=($(compgen -W 'on off status' -- "$cur")); return
      ;;
    chart)
      case $prev in
        --height | -height) return ;;
        --high | -high) return ;;
        --input | -input) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --kind | -kind) return ;;
        --low | -low) return ;;
        --out | -out) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --scale | -scale) return ;;
        --theme | -theme) return ;;
        --title | -title) return ;;
        --unit | -unit) return ;;
        --width | -width) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --dedupe --gaps --height --high --input --kind --low --out --scale --sort --theme --title --unit --utc --width' -- "$cur")); return; fi
      ;;
    check-config)
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help' -- "$cur")); return; fi
      ;;
    export)
      case $prev in
        --dir | -dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --format | -format) return ;;
        --from | -from) return ;;
        --host | -host) return ;;
        --max-points | -max-points) return ;;
        --metric | -metric) return ;;
        --to | -to) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --dir --format --from --gaps --host --max-points --metric --to' -- "$cur")); return; fi
      ;;
    hosts)
      case $prev in
        --timeout | -timeout) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --json --timeout' -- "$cur")); return; fi
      ;;
    notify-test)
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help' -- "$cur")); return; fi
      ;;
    outbox)
      case $prev in
        --dir | -dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --drop | -drop) return ;;
        --retry | -retry) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --dir --drop --retry' -- "$cur")); return; fi
      ;;
    report)
      case $prev in
        --collect | -collect) return ;;
        --hosts | -hosts) return ;;
        --lang | -lang) return ;;
        --out | -out) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --period | -period) return ;;
        --send | -send) return ;;
        --theme | -theme) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --collect --hosts --lang --out --period --send --send-all --theme' -- "$cur")); return; fi
      ;;
    rules)
      case $prev in
        --format | -format) return ;;
        --output | -output) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --selector | -selector) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --format --output --selector' -- "$cur")); return; fi
      ;;
    silence)
      case $prev in
        --dir | -dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --dir' -- "$cur")); return; fi
      COMPREPLY=($(compgen -W 'list add clear' -- "$cur")); return
      ;;
    snapshot)
      case $prev in
        --host | -host) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --host --json' -- "$cur")); return; fi
      ;;
    trust)
      case $prev in
        --timeout | -timeout) return ;;
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --timeout --yes' -- "$cur")); return; fi
      ;;
    version)
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help' -- "$cur")); return; fi
      ;;
    window)
      case $prev in
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --hidden' -- "$cur")); return; fi
      ;;
  esac
}
complete -F _lookout lookout
