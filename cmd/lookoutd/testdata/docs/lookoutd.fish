# fish completion for lookoutd; generated from its command table by 'lookoutd _docs fish'.
complete -c lookoutd -f
complete -c lookoutd -n __fish_use_subcommand -l version -d 'print the version and exit'
complete -c lookoutd -n __fish_use_subcommand -a agent -d 'serve this machine\'s snapshot to Lookout (GET /api/v1/snapshot) and Prometheus (GET /metrics)'
complete -c lookoutd -n __fish_use_subcommand -a run -d 'monitor the configured hosts without a screen: history on disk, /metrics, reload on SIGHUP'
complete -c lookoutd -n __fish_use_subcommand -a version -d 'print the version'
complete -c lookoutd -n '__fish_seen_subcommand_from agent' -l host -r -d 'host name in snapshots (default: the hostname)'
complete -c lookoutd -n '__fish_seen_subcommand_from agent' -l listen -r -d 'address to listen on (host:port)'
complete -c lookoutd -n '__fish_seen_subcommand_from agent' -l tls-cert -r -F -d 'TLS certificate file (PEM); with --tls-key, serve https'
complete -c lookoutd -n '__fish_seen_subcommand_from agent' -l tls-key -r -F -d 'TLS private key file (PEM)'
complete -c lookoutd -n '__fish_seen_subcommand_from agent' -l token-file -r -F -d 'file holding the bearer token clients must send (required)'
complete -c lookoutd -n '__fish_seen_subcommand_from agent' -l top -r -d 'processes listed by CPU and by memory'
complete -c lookoutd -n '__fish_seen_subcommand_from run' -l config -r -F -d 'configuration file (default $LOOKOUT_CONFIG or ~/.config/lookout/config.toml)'
complete -c lookoutd -n '__fish_seen_subcommand_from run' -l listen -r -d 'serve /metrics and /healthz on ADDR, e.g. 127.0.0.1:9109 (default: none)'
