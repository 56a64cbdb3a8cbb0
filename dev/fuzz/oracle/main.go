// Command oracle answers, for many go.mod / go.work / go.sum texts at once,
// what the go command makes of them, using the go command's own parser
// (golang.org/x/mod/modfile as vendored in GOROOT; dev/fuzz/oracle.ts builds
// this against $(go env GOROOT)/src/cmd/vendor/golang.org/x/mod, no network).
//
// stdin: frames of kind byte ('m' go.mod, 'w' go.work, 's' go.sum), mode byte
// ('r' raw, 'e' exactly what `go mod edit -json` / `go work edit -json` print),
// big-endian uint32 length, the file's bytes. stdout: one JSON line per frame.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

type diag struct {
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"msg"`
}

type version struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

type result struct {
	OK        bool        `json:"ok"`
	Errors    []diag      `json:"errors"`
	Module    *modJSON    `json:"module"`
	Go        string      `json:"go"`
	Toolchain string      `json:"toolchain"`
	Godebug   [][2]string `json:"godebug"`
	Require   []reqJSON   `json:"require"`
	Exclude   []version   `json:"exclude"`
	Replace   []repJSON   `json:"replace"`
	Retract   []retJSON   `json:"retract"`
	Tool      []string    `json:"tool"`
	Ignore    []string    `json:"ignore"`
	Use       []string    `json:"use"`
	// go.sum: the lines go keeps, in order: path, version (with /go.mod), hash.
	Sums [][3]string `json:"sums,omitempty"`
}

type modJSON struct {
	Path       string `json:"path"`
	Deprecated string `json:"deprecated"`
}
type reqJSON struct {
	Path     string `json:"path"`
	Version  string `json:"version"`
	Indirect bool   `json:"indirect"`
}
type repJSON struct {
	Old version `json:"old"`
	New version `json:"new"`
}
type retJSON struct {
	Low       string `json:"low"`
	High      string `json:"high"`
	Rationale string `json:"rationale"`
}

// editResult is what the go command prints for `go mod edit -json FILE`
// (bytes: encoding/json writes them as base64, so invalid UTF-8 survives).
type editResult struct {
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
	Exit   int    `json:"exit"`
}

func diags(err error) []diag {
	var list modfile.ErrorList
	if !errors.As(err, &list) {
		return []diag{{Msg: err.Error()}}
	}
	var out []diag
	for _, e := range list {
		bare := e
		bare.Filename = ""
		bare.Pos = modfile.Position{}
		out = append(out, diag{Line: e.Pos.Line, Col: e.Pos.LineRune, Msg: bare.Error()})
	}
	return out
}

func v(m module.Version) version { return version{m.Path, m.Version} }

func parseMod(data []byte) result {
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return result{Errors: diags(err)}
	}
	r := result{OK: true}
	if f.Module != nil {
		r.Module = &modJSON{f.Module.Mod.Path, f.Module.Deprecated}
	}
	if f.Go != nil {
		r.Go = f.Go.Version
	}
	if f.Toolchain != nil {
		r.Toolchain = f.Toolchain.Name
	}
	for _, g := range f.Godebug {
		r.Godebug = append(r.Godebug, [2]string{g.Key, g.Value})
	}
	for _, x := range f.Require {
		r.Require = append(r.Require, reqJSON{x.Mod.Path, x.Mod.Version, x.Indirect})
	}
	for _, x := range f.Exclude {
		r.Exclude = append(r.Exclude, v(x.Mod))
	}
	for _, x := range f.Replace {
		r.Replace = append(r.Replace, repJSON{v(x.Old), v(x.New)})
	}
	for _, x := range f.Retract {
		r.Retract = append(r.Retract, retJSON{x.Low, x.High, x.Rationale})
	}
	for _, x := range f.Tool {
		r.Tool = append(r.Tool, x.Path)
	}
	for _, x := range f.Ignore {
		r.Ignore = append(r.Ignore, x.Path)
	}
	return r
}

func parseWork(data []byte) result {
	f, err := modfile.ParseWork("go.work", data, nil)
	if err != nil {
		return result{Errors: diags(err)}
	}
	r := result{OK: true}
	if f.Go != nil {
		r.Go = f.Go.Version
	}
	if f.Toolchain != nil {
		r.Toolchain = f.Toolchain.Name
	}
	for _, g := range f.Godebug {
		r.Godebug = append(r.Godebug, [2]string{g.Key, g.Value})
	}
	for _, x := range f.Use {
		r.Use = append(r.Use, x.Path)
	}
	for _, x := range f.Replace {
		r.Replace = append(r.Replace, repJSON{v(x.Old), v(x.New)})
	}
	return r
}

// emptyGoModHash and parseSum are cmd/go/internal/modfetch's readGoSum
// (fetch.go), which cannot be imported: a line must have exactly three
// strings.Fields, anything else is fatal ("malformed go.sum").
const emptyGoModHash = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY="

func parseSum(data []byte) result {
	r := result{OK: true, Sums: [][3]string{}}
	lineno := 0
	for len(data) > 0 {
		var line []byte
		lineno++
		i := indexByte(data, '\n')
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		f := strings.Fields(string(line))
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			return result{Errors: []diag{{Line: lineno, Msg: fmt.Sprintf("wrong number of fields %v", len(f))}}}
		}
		if f[2] == emptyGoModHash {
			continue
		}
		r.Sums = append(r.Sums, [3]string{f[0], f[1], f[2]})
	}
	return r
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// The -json output structures of cmd/go/internal/modcmd/edit.go and workcmd/edit.go.
type fileJSON struct {
	Module    editModuleJSON
	Go        string      `json:",omitempty"`
	Toolchain string      `json:",omitempty"`
	GoDebug   []debugJSON `json:",omitempty"`
	Require   []requireJSON
	Exclude   []module.Version
	Replace   []replaceJSON
	Retract   []retractJSON
	Tool      []toolJSON
	Ignore    []ignoreJSON
}
type editModuleJSON struct {
	Path       string
	Deprecated string `json:",omitempty"`
}
type requireJSON struct {
	Path     string
	Version  string `json:",omitempty"`
	Indirect bool   `json:",omitempty"`
}
type replaceJSON struct {
	Old module.Version
	New module.Version
}
type retractJSON struct {
	Low       string `json:",omitempty"`
	High      string `json:",omitempty"`
	Rationale string `json:",omitempty"`
}
type toolJSON struct{ Path string }
type ignoreJSON struct{ Path string }
type debugJSON struct {
	Key   string
	Value string
}
type workfileJSON struct {
	Go      string `json:",omitempty"`
	Use     []useJSON
	Replace []replaceJSON
}
type useJSON struct {
	DiskPath string
	ModPath  string `json:",omitempty"`
}

func indent(x any) string {
	data, err := json.MarshalIndent(x, "", "\t")
	if err != nil {
		panic(err)
	}
	return string(data) + "\n"
}

func editMod(data []byte) editResult {
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return editResult{Stderr: []byte(fmt.Sprintf("go: errors parsing %s:\n%s\n", "go.mod", err)), Exit: 1}
	}
	f.SortBlocks()
	f.Cleanup()
	var j fileJSON
	if f.Module != nil {
		j.Module = editModuleJSON{Path: f.Module.Mod.Path, Deprecated: f.Module.Deprecated}
	}
	if f.Go != nil {
		j.Go = f.Go.Version
	}
	if f.Toolchain != nil {
		j.Toolchain = f.Toolchain.Name
	}
	for _, r := range f.Require {
		j.Require = append(j.Require, requireJSON{Path: r.Mod.Path, Version: r.Mod.Version, Indirect: r.Indirect})
	}
	for _, x := range f.Exclude {
		j.Exclude = append(j.Exclude, x.Mod)
	}
	for _, r := range f.Replace {
		j.Replace = append(j.Replace, replaceJSON{r.Old, r.New})
	}
	for _, r := range f.Retract {
		j.Retract = append(j.Retract, retractJSON{r.Low, r.High, r.Rationale})
	}
	for _, t := range f.Tool {
		j.Tool = append(j.Tool, toolJSON{t.Path})
	}
	for _, i := range f.Ignore {
		j.Ignore = append(j.Ignore, ignoreJSON{i.Path})
	}
	for _, d := range f.Godebug {
		j.GoDebug = append(j.GoDebug, debugJSON{d.Key, d.Value})
	}
	return editResult{Stdout: []byte(indent(&j))}
}

func editWork(data []byte) editResult {
	f, err := modfile.ParseWork("go.work", data, nil)
	if err != nil {
		return editResult{Stderr: []byte(fmt.Sprintf("go: errors parsing %s:\nerrors parsing go.work:\n%s\n", "go.work", err)), Exit: 1}
	}
	f.SortBlocks()
	f.Cleanup()
	var j workfileJSON
	if f.Go != nil {
		j.Go = f.Go.Version
	}
	for _, d := range f.Use {
		j.Use = append(j.Use, useJSON{DiskPath: d.Path, ModPath: d.ModulePath})
	}
	for _, r := range f.Replace {
		j.Replace = append(j.Replace, replaceJSON{r.Old, r.New})
	}
	return editResult{Stdout: []byte(indent(&j))}
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var head [6]byte
	for {
		if _, err := io.ReadFull(in, head[:]); err != nil {
			if err == io.EOF {
				return
			}
			fmt.Fprintln(os.Stderr, "oracle: reading a frame:", err)
			os.Exit(2)
		}
		data := make([]byte, binary.BigEndian.Uint32(head[2:]))
		if _, err := io.ReadFull(in, data); err != nil {
			fmt.Fprintln(os.Stderr, "oracle: reading a frame:", err)
			os.Exit(2)
		}
		var x any
		switch kind, mode := head[0], head[1]; {
		case kind == 'm' && mode == 'e':
			x = editMod(data)
		case kind == 'w' && mode == 'e':
			x = editWork(data)
		case kind == 'm':
			x = parseMod(data)
		case kind == 'w':
			x = parseWork(data)
		case kind == 's':
			x = parseSum(data)
		default:
			fmt.Fprintf(os.Stderr, "oracle: unknown frame kind %q\n", kind)
			os.Exit(2)
		}
		if err := enc.Encode(x); err != nil {
			fmt.Fprintln(os.Stderr, "oracle:", err)
			os.Exit(2)
		}
	}
}
