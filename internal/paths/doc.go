// Package paths is the one place that decides where Lookout keeps its
// files. Every other package takes its directories from here (through
// the runtime, or a command's defaults), so the window, lookoutd and the
// command line always agree.
//
// Four directories, each resolved from the environment in this order:
//
//	config  the configuration file and `lookout trust`'s known_hosts
//	        $LOOKOUT_CONFIG (the file itself), $CONFIGURATION_DIRECTORY
//	        (systemd's ConfigurationDirectory=), $XDG_CONFIG_HOME/lookout,
//	        else the OS default: ~/.config/lookout, %APPDATA%\Lookout,
//	        ~/Library/Application Support/Lookout
//	state   the outbox, the alert event log, silences, delivery state,
//	        the instance lock and the window's geometry
//	        $LOOKOUT_STATE_DIR, $STATE_DIRECTORY (systemd's
//	        StateDirectory=), $XDG_STATE_HOME/lookout, else
//	        ~/.local/state/lookout, %LOCALAPPDATA%\Lookout\state,
//	        ~/Library/Application Support/Lookout/state
//	data    the history database
//	        $LOOKOUT_DATA_DIR, $STATE_DIRECTORY, $XDG_DATA_HOME/lookout,
//	        else ~/.local/share/lookout, %LOCALAPPDATA%\Lookout\data,
//	        ~/Library/Application Support/Lookout/data
//	cache   what can be rebuilt (nothing essential)
//	        $CACHE_DIRECTORY, $XDG_CACHE_HOME/lookout, else the OS's
//	        os.UserCacheDir()/lookout
//
// systemd's variables may hold several colon-separated directories; the
// first is used. A relative XDG variable is ignored, as the XDG Base
// Directory specification asks. Under the shipped systemd unit (HOME
// read-only, StateDirectory=lookout) everything Lookout writes therefore
// lands in /var/lib/lookout.
package paths
