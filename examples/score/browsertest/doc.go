// Package browsertest tests the HTML report of examples/score in a real
// browser: Debian's chromium, headless, driven through the DevTools protocol
// by github.com/chromedp/chromedp. It is its own module, so that the
// library's users never download chromedp.
//
// The tests build the score program, write reports of the repository's
// test cases, load them in chromium and read the live DOM: the highlighted
// spans must be exactly the JSON output's signals and context cues, at the
// byte offsets they claim; the filters must hide and show what they should;
// a document's <script> must not run. They save screenshots in the test's
// artifact directory (go test -artifacts), and with -docs the screenshot of
// a small report into docs/ for the README.
//
// The tests skip when chromium is not installed, unless VIGIE_BROWSER is
// set to "required" (as CI does), when they fail. CHROMIUM names the
// browser's executable (default: chromium on the PATH).
//
//	cd examples/score/browsertest && go test ./...
//	cd examples/score/browsertest && go test -run '^$' -bench . -benchtime 5x
package browsertest
