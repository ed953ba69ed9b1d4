package kb

import "testing"

func BenchmarkLoadDemoDir(b *testing.B) {
	for b.Loop() {
		if _, err := LoadDir(demoDir); err != nil {
			b.Fatal(err)
		}
	}
}
