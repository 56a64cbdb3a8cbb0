module golang.org/x/tools

go 1.26.0

require (
	github.com/google/go-cmp v0.6.0
	github.com/yuin/goldmark v1.4.13
	golang.org/x/mod v0.39.0
	golang.org/x/net v0.58.0
	golang.org/x/sync v0.22.0
	golang.org/x/telemetry v0.0.0-20260811182544-a038080d80e5
)

require golang.org/x/sys v0.47.0 // indirect
