package kb_test

import (
	"fmt"
	"strings"

	"github.com/voicegate/voicegate/dialog/kb"
)

// A misspelt key is reported with the file and line.
func ExampleParse() {
	_, err := kb.Parse("en.yaml", []byte("language: en\nintnets: []\n"))
	fmt.Println(strings.Split(err.Error(), "\n")[0])
	// Output: en.yaml:2: kb: unknown key "intnets" in the top level
}
