package tokenize

import "strings"

// Web addresses. A URL token's normal form is its host name in lower case
// without "www.", so that a lexicon can name distribution channels
// (justpaste.it, t.me) without matching the rest of the address.

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// url recognises an address that starts with http://, https:// or www. at i.
func (d *Document) url(i int) int {
	if c := d.Text[i] | 0x20; c != 'h' && c != 'w' || len(d.Text)-i < 5 {
		return i
	}
	rest := d.Text[i:]
	hostStart := i
	switch {
	case hasPrefixFold(rest, "https://"):
		hostStart = i + 8
	case hasPrefixFold(rest, "http://"):
		hostStart = i + 7
	case hasPrefixFold(rest, "www.") && len(rest) > 4 && isHostByte(rest[4]):
	default:
		return i
	}
	end := d.urlEnd(hostStart)
	if end <= hostStart {
		return i
	}
	d.emitURL(i, end, hostStart)
	return end
}

func isHostByte(c byte) bool {
	return isASCIILetter(c) || isDigit(c) || c == '-' || c == '.' || c >= 0x80
}

// urlEnd returns where an address ends: at white space, at characters that
// cannot be in it, and before trailing punctuation.
func (d *Document) urlEnd(i int) int {
	text := d.Text
	j := i
	for j < len(text) {
		c := text[j]
		if c <= ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == 0x7f {
			break
		}
		if c >= 0x80 && (strings.HasPrefix(text[j:], "«") || strings.HasPrefix(text[j:], "»") ||
			strings.HasPrefix(text[j:], "“") || strings.HasPrefix(text[j:], "”") || strings.HasPrefix(text[j:], "\u00a0") ||
			strings.HasPrefix(text[j:], "…")) {
			break
		}
		j++
	}
	for j > i {
		switch text[j-1] {
		case '.', ',', ';', ':', '!', '?', ')', ']', '}', '\'':
			j--
			continue
		}
		break
	}
	return j
}

// emitURL emits the address [start, end) whose host starts at hostStart.
func (d *Document) emitURL(start, end, hostStart int) {
	host := d.Text[hostStart:end]
	for k := 0; k < len(host); k++ {
		if host[k] == '/' || host[k] == '?' || host[k] == '#' || host[k] == ':' {
			host = host[:k]
			break
		}
	}
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	if hasPrefixFold(host, "www.") {
		host = host[4:]
	}
	n0 := len(d.norm)
	for k := 0; k < len(host); k++ {
		c := host[k]
		if c >= 'A' && c <= 'Z' {
			c |= 0x20
		}
		d.norm = append(d.norm, c)
	}
	d.emit(start, end, URL, 0, n0)
}

// The longest label and host name of the DNS (RFC 1035).
const (
	maxLabel = 63
	maxHost  = 253
)

// bareDomain recognises name.tld or name.name.tld with an optional path at
// start (justpaste.it/abc, t.me/channel). It removes the word token just
// emitted for the first label and returns the end, or start when there is no
// domain here.
func (d *Document) bareDomain(start int) int {
	text := d.Text
	j := start
	labels := 0
	lastLabel := ""
	for {
		k := j
		for k < len(text) && (isASCIILetter(text[k]) || isDigit(text[k]) || text[k] == '-') {
			k++
		}
		if k == j || k-j > maxLabel || k-start > maxHost {
			// not a host name; the bounds also keep a long run of
			// "word.word.word" from being scanned again at each word
			return start
		}
		labels++
		lastLabel = text[j:k]
		j = k
		if j+1 < len(text) && text[j] == '.' && (isASCIILetter(text[j+1]) || isDigit(text[j+1])) {
			j++
			continue
		}
		break
	}
	if labels < 2 || !isTLD(strings.ToLower(lastLabel)) {
		return start
	}
	if j < len(text) && (d.letterAt(j) || text[j] == '@') {
		return start
	}
	end := j
	if j < len(text) && text[j] == '/' {
		end = d.urlEnd(j)
	}
	// take back the word token emitted for the first label
	last := len(d.Tokens) - 1
	flags := d.Tokens[last].Flags & (SentenceStart | LineStart)
	if flags&SentenceStart != 0 || last == 0 {
		d.sent-- // the URL token counts it again
	}
	if flags&LineStart != 0 && last > 0 {
		d.para--
	}
	d.norm = d.norm[:d.Tokens[last].n0]
	d.Tokens = d.Tokens[:last]
	d.nextFlags |= flags
	d.emitURL(start, end, start)
	return end
}

// email recognises an e-mail address whose @ is at byte at; the word started
// at start. It returns the end of the address, or at when there is none.
func (d *Document) email(start, at int) int {
	text := d.Text
	j := at + 1
	for j < len(text) && (isASCIILetter(text[j]) || isDigit(text[j]) || text[j] == '-' || text[j] == '.' || text[j] == '_') {
		j++
	}
	for j > at && text[j-1] == '.' {
		j--
	}
	// the domain needs a dot inside it: "subhum@ns." is a word and a full stop
	if strings.IndexByte(text[at+1:j], '.') < 0 {
		return at
	}
	d.emitURL(start, j, start)
	return j
}
