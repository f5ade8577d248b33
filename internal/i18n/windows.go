package i18n

func init() { Register(windowsPhrases) }

// windowsPhrases are the words for what Windows lacks.
var windowsPhrases = map[string]string{
	"no load average on this system": "本系统没有负载均值",
}
