// Package docs holds repository-wide documentation checks.
package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocTrailers enforces the teaching promise: every exported symbol of
// the core, the base classes, the test support, the plugins and the libs
// documents the GStreamer counterpart it mirrors (or says it has none).
func TestDocTrailers(t *testing.T) {
	root := filepath.Join("..", "..")
	var dirs []string
	for _, top := range []string{"gst", "base", "gsttest", "plugins", "libs"} {
		filepath.WalkDir(filepath.Join(root, top), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "internal" || d.Name() == "testdata" {
					return filepath.SkipDir
				}
				dirs = append(dirs, p)
			}
			return nil
		})
	}
	if len(dirs) < 5 {
		t.Fatalf("found only %d package directories under %s", len(dirs), root)
	}
	for _, dir := range dirs {
		checkDocTrailers(t, dir)
	}
}

func checkDocTrailers(t *testing.T, dir string) {
	t.Helper()
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(filepath.Base(name), "zz_tmp") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || (d.Recv != nil && !recvExported(d.Recv)) {
					continue
				}
				if isStdMethod(d.Name.Name) && d.Recv != nil {
					continue
				}
				if !hasTrailer(d.Doc) {
					t.Errorf("%s: %s lacks a \"GStreamer:\" line in its doc comment", fset.Position(d.Pos()), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && !hasTrailer(s.Doc) && !hasTrailer(d.Doc) {
							t.Errorf("%s: type %s lacks a \"GStreamer:\" line", fset.Position(s.Pos()), s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() && !hasTrailer(s.Doc) && !hasTrailer(d.Doc) {
								t.Errorf("%s: %s lacks a \"GStreamer:\" line (on it or its group)", fset.Position(n.Pos()), n.Name)
							}
						}
					}
				}
			}
		}
	}
}

// isStdMethod lists methods that implement standard Go interfaces (error,
// fmt.Stringer, errors.Is/Unwrap); their meaning is the interface's.
func isStdMethod(name string) bool {
	switch name {
	case "Error", "Unwrap", "Is", "String", "As", "GoString", "MarshalText", "UnmarshalText":
		return true
	}
	return false
}

func recvExported(fl *ast.FieldList) bool {
	if len(fl.List) == 0 {
		return false
	}
	typ := fl.List[0].Type
	if st, ok := typ.(*ast.StarExpr); ok {
		typ = st.X
	}
	if ix, ok := typ.(*ast.IndexExpr); ok {
		typ = ix.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

func hasTrailer(cg *ast.CommentGroup) bool {
	return cg != nil && strings.Contains(cg.Text(), "GStreamer:")
}
