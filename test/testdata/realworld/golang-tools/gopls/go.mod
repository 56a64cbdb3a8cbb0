module golang.org/x/tools/gopls

go 1.26.0

require (
	github.com/fatih/gomodifytags v1.17.1-0.20250423142747-f3939df9aa3c
	github.com/fsnotify/fsnotify v1.9.0
	github.com/google/go-cmp v0.7.0
	github.com/google/jsonschema-go v0.4.3
	github.com/jba/templatecheck v0.7.1
	github.com/modelcontextprotocol/go-sdk v1.6.1
	golang.org/x/mod v0.39.0
	golang.org/x/net v0.58.0
	golang.org/x/sync v0.22.0
	golang.org/x/telemetry v0.0.0-20260811182544-a038080d80e5
	golang.org/x/text v0.41.0
	golang.org/x/tools v0.48.0
	golang.org/x/vuln v1.6.0
	gopkg.in/yaml.v3 v3.0.1
	honnef.co/go/tools v0.8.0-rc.1
	mvdan.cc/gofumpt v0.10.0
	mvdan.cc/xurls/v2 v2.6.0
)

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/fatih/camelcase v1.0.0 // indirect
	github.com/fatih/structtag v1.2.0 // indirect
	github.com/google/safehtml v0.1.0 // indirect
	github.com/segmentio/asm v1.2.1 // indirect
	github.com/segmentio/encoding v0.5.4 // indirect
	github.com/yosida95/uritemplate/v3 v3.0.2 // indirect
	golang.org/x/exp/typeparams v0.0.0-20260812173653-3d80eb74bc5b // indirect
	golang.org/x/oauth2 v0.36.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	gopkg.in/check.v1 v1.0.0-20190902080502-41f04d3bba15 // indirect
)

replace golang.org/x/tools => ..
