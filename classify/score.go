package classify

import (
	"cmp"
	"math"
	"slices"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

// isHighCategory reports whether a signal of category c can make a text
// High: propaganda, recruitment, incitement, glorification or a threat.
func isHighCategory(c lexicon.Category) bool {
	switch c {
	case lexicon.Recruitment, lexicon.Incitement, lexicon.Glorification, lexicon.Threat, lexicon.Propaganda:
		return true
	}
	return false
}

// threshold returns the probability from which a text is flagged:
// Weights.FlagAt when set, else the model's, or without a model the
// lexicon's own, Sigmoid(Bias + Scale × MediumThreshold).
func (c *Classifier) threshold() float64 {
	if c.w.FlagAt > 0 {
		return c.w.FlagAt
	}
	if c.model != nil {
		return c.model.Threshold()
	}
	return sigmoid(c.w.Bias + c.w.Scale*c.w.MediumThreshold)
}

// lexiconProbability maps a lexicon weight to a probability so that the
// weight MediumThreshold lands on the threshold: Sigmoid(Scale × (w −
// MediumThreshold) + logit(threshold)). Without a model that is the
// lexicon's own Sigmoid(Bias + Scale × w).
func (c *Classifier) lexiconProbability(w float64) float64 {
	if c.model == nil {
		return sigmoid(c.w.Bias + c.w.Scale*w)
	}
	return sigmoid(c.w.Scale*(w-c.w.MediumThreshold) + c.logitThreshold)
}

// logit returns log(t / (1 − t)), the log-odds of probability t.
func logit(t float64) float64 { return math.Log(t / (1 - t)) }

// fill writes the result from the scratch state.
func (c *Classifier) fill(s *scratch, r *Result) {
	doc := &s.doc
	r.Lang = doc.Lang
	r.Truncated = doc.Truncated()
	// empty, never nil: JSON shows [] and callers can range without checks
	if r.Signals == nil {
		r.Signals = noSignals[:0:0]
	}
	if r.Context == nil {
		r.Context = noContext[:0:0]
	}
	r.Signals = r.Signals[:0]
	r.Context = r.Context[:0]
	var total, nonTopic, high float64
	var byRisk [NumRisks]float64
	for i := range s.cands {
		a := &s.cands[i]
		if a.dropped {
			continue
		}
		sig := Signal{Category: a.cat, Concept: a.concept, Text: doc.Text[a.start:a.end], Start: a.start, End: a.end,
			Base: round(a.base), Source: a.source, ID: a.id, Repeat: a.repeat, Disguise: a.flags & tokenize.Obfuscated}
		if !a.repeat {
			sig.Weight = round(a.weight)
			total += a.weight
			if a.cat != lexicon.Topic {
				nonTopic += a.weight
			}
			if isHighCategory(a.cat) {
				high += a.weight
			}
			if k, ok := RiskOf(a.cat); ok {
				byRisk[k] += a.weight
			}
		}
		if j := len(r.Signals); len(a.parts) > 0 && j < cap(r.Signals) {
			sig.Parts = r.Signals[: j+1 : j+1][j].Parts[:0] // the storage of the signal this one replaces
		}
		for _, p := range a.parts {
			m := &s.matches[p]
			e := c.lex.Entry(int(m.Entry))
			sig.Parts = append(sig.Parts, Part{Category: e.Category, Concept: e.Concept, Text: doc.Text[m.Start:m.End],
				Start: m.Start, End: m.End, Weight: e.Weight, Source: e.Ref, ID: e.ID})
		}
		r.Signals = append(r.Signals, sig)
	}
	slices.SortStableFunc(r.Signals, func(a, b Signal) int { return cmp.Compare(a.Start, b.Start) })
	for k := range s.cues {
		cu := &s.cues[k]
		if cu.effect >= 0 {
			continue
		}
		r.Context = append(r.Context, Context{Kind: cu.kind, Text: doc.Text[cu.start:cu.end], Start: cu.start, End: cu.end,
			Effect: round(cu.effect), Share: cu.share, Source: cu.source, ID: cu.id})
	}
	slices.SortStableFunc(r.Context, func(a, b Context) int { return cmp.Compare(a.Start, b.Start) })
	r.Weight = round(total)

	// the lexicon's probability of each risk; the text's whole non-topic
	// weight counts for the risk with most evidence, so that a text the
	// lexicon flags is flagged whatever its mix of risks
	var lex [NumRisks]float64
	top := Extremism
	for k := range byRisk {
		lex[k] = c.noEvidence
		if byRisk[k] != 0 {
			lex[k] = c.lexiconProbability(byRisk[k])
		}
		if byRisk[k] > byRisk[top] {
			top = Risk(k)
		}
	}
	if nonTopic >= c.w.MediumThreshold-1e-9 {
		lex[top] = max(lex[top], c.lexiconProbability(nonTopic))
	}
	for k := range lex {
		r.Scores.set(Risk(k), round(lex[k]))
	}
	raisedBy := -1
	if c.model != nil {
		raisedBy = c.fillModel(s, r, &lex)
	} else {
		r.Model = nil
	}
	_, best := r.Scores.Max()
	r.Score = best
	threshold := round(c.threshold())
	switch {
	case r.Score >= threshold && high >= c.w.HighThreshold-1e-9:
		r.Level = High
	case r.Score >= threshold:
		r.Level = Medium
	case len(r.Signals) > 0:
		r.Level = Low
	default:
		r.Level = None
	}
	if r.Model != nil {
		r.Model.Raised = raisedBy >= 0 && r.Level.Flagged()
	}
	r.Rationale = rationale(r, func(i int) lowering { return s.lowering(&r.Signals[i]) })
}

// lowering finds the cue that lowered signal sig most, and its scope.
func (s *scratch) lowering(sig *Signal) lowering {
	for i := range s.cands {
		a := &s.cands[i]
		if a.dropped || a.start != sig.Start || a.end != sig.End || a.cat != sig.Category || a.concept != sig.Concept {
			continue
		}
		bi, bs, most := -1, -1, 0.0
		for ki := range contextOrder {
			for slot := 0; slot < cuesPerKind; slot++ {
				if a.by[ki][slot] >= 0 && a.removed[ki][slot] > most {
					bi, bs, most = ki, slot, a.removed[ki][slot]
				}
			}
		}
		if bi < 0 {
			return lowering{}
		}
		cu := &s.cues[a.by[bi][bs]]
		w := lowering{ok: true, kind: cu.kind, text: s.doc.Text[cu.start:cu.end], source: cu.source}
		switch {
		case cu.kind == lexicon.Negation:
			w.scope = scopeWords
		case cu.quote >= 0:
			w.scope = scopeQuotation
		case isFrame(cu.kind) && cu.sent != a.sent:
			w.scope = scopeQuoted
		case cu.kind == lexicon.Idiom && cu.start < a.end && a.start < cu.end:
			w.scope = scopeSpan
		default:
			w.scope = scopeSentence
		}
		return w
	}
	return lowering{}
}

// shared empty slices of capacity 0: appending to them allocates anew.
var (
	noSignals = []Signal{}
	noContext = []Context{}
)

// modelFraming are the context kinds that lower the model's positive
// evidence, in order, and the heads each lowers. A negation lowers a head
// only in its sentence and only where it negates something of that risk: a
// signal of the risk that it lowered ("les migrants ne sont pas des rats"),
// or, for violence, an intent, a call or a violent word ("je ne vais pas
// les tuer"); at the scale of a sentence "no" and "not" say nothing else
// about stance. Idioms explain violent
// words, so they lower the violence head only; religious practice lowers
// the extremism head only, never threats or hate.
var modelFraming = [...]struct {
	kind  lexicon.Category
	heads [model.Heads]bool
}{
	{lexicon.Negation, [model.Heads]bool{true, true, true}},
	{lexicon.Idiom, [model.Heads]bool{false, true, false}},
	{lexicon.Question, [model.Heads]bool{true, true, true}},
	{lexicon.Quotation, [model.Heads]bool{true, true, true}},
	{lexicon.Counter, [model.Heads]bool{true, true, true}},
	{lexicon.Reporting, [model.Heads]bool{true, true, true}},
	{lexicon.Religious, [model.Heads]bool{true, false, false}},
}

// modelFrame is the working memory of the model's framing: per framing
// kind and sentence, the strongest cue that governs the sentence.
type modelFrame struct {
	best    [len(modelFraming)][]int32 // cue index, or -1
	mention []int32                    // per sentence: the strongest mention (a marked quotation cue), or -1
	removed [][model.Heads]float64     // per sentence: what framing removed from each head's positive evidence
	effect  [][model.Heads]float64     // per cue: what it removed, summed over sentences
}

// frameModel finds, for each sentence, the strongest cue of each framing
// kind that governs it: a cue governs its own sentence, and a frame
// (reporting, counter-speech, quoting) also the sentences of the quotations
// that open or close in its sentence; a structural quotation cue governs
// the sentences of its quotation; a mention (a marked quotation cue)
// governs only the sentences of the quotations that open or close in its
// sentence.
func (s *scratch) frameModel() {
	nSent := len(s.ev.Sentences)
	f := &s.frame
	for k := range f.best {
		f.best[k] = fill32(f.best[k], nSent)
	}
	f.mention = fill32(f.mention, nSent)
	better := func(cur int32, k int) bool { return cur < 0 || s.cues[k].share > s.cues[cur].share }
	set := func(slot int, sent int32, k int) {
		if int(sent) < nSent && better(f.best[slot][sent], k) {
			f.best[slot][sent] = int32(k)
		}
	}
	for k := range s.cues {
		cu := &s.cues[k]
		slot := -1
		for i := range modelFraming {
			if modelFraming[i].kind == cu.kind {
				slot = i
			}
		}
		if slot < 0 {
			continue
		}
		if cu.kind == lexicon.Negation && !cu.lowered[Extremism] && !cu.lowered[Violence] && !cu.lowered[Hate] && !s.negatesViolence(cu) {
			continue
		}
		if (cu.kind == lexicon.Counter || cu.kind == lexicon.Reporting) && cu.quote < 0 && s.contrastAfter(cu) {
			continue // "I condemn all violence, but …": what follows the contrast is the writer's own
		}
		if cu.quote >= 0 { // a structural quotation: the sentences it spans
			q := &s.quotes[cu.quote]
			for sent := q.openSent; sent <= q.closeSent; sent++ {
				set(slot, sent, k)
			}
			continue
		}
		if cu.marked { // a mention: only the quotations of its sentence, below
			if int(cu.sent) < nSent && better(f.mention[cu.sent], k) {
				f.mention[cu.sent] = int32(k)
			}
			continue
		}
		set(slot, cu.sent, k)
	}
	// frames reach the quotations that open or close in their sentence: one
	// pass per quotation, with the best frame of its two sentences
	for q := range s.quotes {
		qu := &s.quotes[q]
		for slot := range modelFraming {
			if !isFrame(modelFraming[slot].kind) {
				continue
			}
			best := int32(-1)
			for _, sent := range [2]int32{qu.openSent, qu.closeSent} {
				if int(sent) >= nSent {
					continue
				}
				for _, b := range [2]int32{f.best[slot][sent], f.mention[sent]} {
					if b >= 0 && s.cues[b].kind == modelFraming[slot].kind && s.cues[b].quote < 0 &&
						(best < 0 || s.cues[b].share > s.cues[best].share) {
						best = b
					}
				}
			}
			if best < 0 {
				continue
			}
			for sent := qu.openSent; sent <= qu.closeSent && int(sent) < nSent; sent++ {
				set(slot, sent, int(best))
			}
		}
	}
}

// negatesViolence reports whether negation cue cu negates an intent, a call,
// a violent word or a euphemism for it: one that follows the cue in its
// sentence, within the negation window (counted in words) and two more.
func (s *scratch) negatesViolence(cu *cue) bool {
	window := int32(s.negationWindow) + 2
	// comps are in order of their first token, so of their sentence: start
	// at the first one in cu's sentence
	i, _ := slices.BinarySearchFunc(s.comps, cu.sent, func(cp comp, sent int32) int { return cmp.Compare(cp.sent, sent) })
	for ; i < len(s.comps) && s.comps[i].sent == cu.sent; i++ {
		cp := &s.comps[i]
		switch cp.cat {
		case lexicon.Intent, lexicon.Call, lexicon.Violence, lexicon.Riddance:
		default:
			continue
		}
		m := &s.matches[cp.m]
		if m.First >= cu.first && s.wordsBefore(m.First)-s.wordsBefore(cu.last) <= window {
			return true
		}
	}
	return false
}

// fillModel adds the trained model's view: for each head, the larger of the
// whole text's and the strongest sentence's log-odds, after framing, turned
// into a calibrated probability; each risk's score is the larger of that
// and the lexicon's. It returns the head whose probability made the score
// (the model raised it above the lexicon's), or -1.
func (c *Classifier) fillModel(s *scratch, r *Result, lex *[NumRisks]float64) int {
	doc := &s.doc
	ev := &s.ev
	if r.Model == nil {
		r.Model = &ModelScore{Features: []Feature{}, Framing: []Context{}}
	}
	ms := r.Model
	ms.Features = ms.Features[:0]
	ms.Framing = ms.Framing[:0]
	s.frameModel()
	f := &s.frame
	nSent := len(ev.Sentences)
	if cap(f.removed) < nSent {
		f.removed = make([][model.Heads]float64, nSent)
	}
	f.removed = f.removed[:nSent]
	if cap(f.effect) < len(s.cues) {
		f.effect = make([][model.Heads]float64, len(s.cues))
	}
	f.effect = f.effect[:len(s.cues)]
	clear(f.effect)
	// framing, sentence by sentence: the strongest cue of each kind that
	// governs the sentence lowers what is left of its positive evidence
	best := [model.Heads]float64{}
	bestSent := [model.Heads]int32{}
	var removedTotal [model.Heads]float64
	for sent := range ev.Sentences {
		t := &ev.Sentences[sent]
		pos := t.Positive
		f.removed[sent] = [model.Heads]float64{}
		for slot, mf := range modelFraming {
			k := f.best[slot][sent]
			if k < 0 {
				continue
			}
			share := s.cues[k].share
			cu := &s.cues[k]
			for h := range model.Heads {
				if !mf.heads[h] || pos[h] <= 0 {
					continue
				}
				if mf.kind == lexicon.Negation && !cu.lowered[h] && !(h == int(Violence) && s.negatesViolence(cu)) {
					continue
				}
				removed := pos[h] * share
				pos[h] -= removed
				f.removed[sent][h] += removed
				f.effect[k][h] += removed
			}
		}
		for h := range model.Heads {
			removedTotal[h] += f.removed[sent][h]
			z := t.Z[h] - f.removed[sent][h]
			if sent == 0 || z > best[h] {
				best[h], bestSent[h] = z, int32(sent)
			}
		}
	}
	bias := c.model.Bias()
	heads := [model.Heads]*Head{&ms.Extremism, &ms.Violence, &ms.Hate}
	var shown [model.Heads]float64
	for i := range ev.Top {
		ct := &ev.Top[i]
		text := ""
		if ct.Start < ct.End && ct.End <= len(doc.Text) {
			text = doc.Text[ct.Start:ct.End]
		}
		// field by field: a literal would be built on the stack and copied
		if len(ms.Features) == cap(ms.Features) {
			ms.Features = append(ms.Features, Feature{})[:len(ms.Features)]
		}
		ms.Features = ms.Features[:len(ms.Features)+1]
		ft := &ms.Features[len(ms.Features)-1]
		ft.Name, ft.Text, ft.Start, ft.End = ct.Feature, text, ct.Start, ct.End
		ft.Weights = Scores{Extremism: round(ct.Weights[0]), Violence: round(ct.Weights[1]), Hate: round(ct.Weights[2])}
		for h := range model.Heads {
			shown[h] += ct.Weights[h]
		}
	}
	raisedBy, raised := -1, 0.0
	var spanned [model.Heads]bool // the head's span is its best sentence's
	for h := range model.Heads {
		framing := min(removedTotal[h], ev.Text.Positive[h])
		textZ := ev.Text.Z[h] - framing
		z, start, end := textZ, 0, len(doc.Text)
		if nSent > 1 && best[h] > textZ {
			z = best[h]
			if h > 0 && bestSent[h] == bestSent[h-1] && spanned[h-1] {
				start, end = heads[h-1].Start, heads[h-1].End // the heads often agree on the sentence
			} else {
				start, end = sentenceSpan(doc, bestSent[h])
			}
			spanned[h] = true
		}
		p := c.model.Calibrate(h, z)
		hd := heads[h]
		*hd = Head{Z: round(z), Probability: round(p), TextZ: round(textZ), Bias: round(bias[h]),
			Rest: round(ev.Text.Z[h] - bias[h] - shown[h]), Framing: round(-framing), Start: start, End: end}
		k := Risk(h)
		if p > lex[k] {
			r.Scores.set(k, round(p))
			if p-lex[k] > raised {
				raisedBy, raised = h, p-lex[k]
			}
		}
	}
	for k := range s.cues {
		e := max(f.effect[k][0], f.effect[k][1], f.effect[k][2])
		if e <= 0 {
			continue
		}
		cu := &s.cues[k]
		ms.Framing = append(ms.Framing, Context{Kind: cu.kind, Text: doc.Text[cu.start:cu.end], Start: cu.start, End: cu.end,
			Effect: round(-e), Share: cu.share, Source: cu.source, ID: cu.id})
	}
	slices.SortStableFunc(ms.Framing, func(a, b Context) int { return cmp.Compare(a.Start, b.Start) })
	// the model raised the score only if its probability is what crosses
	// the threshold
	if raisedBy >= 0 {
		maxLex := max(lex[0], lex[1], lex[2])
		if round(maxLex) >= round(c.threshold()) {
			raisedBy = -1
		}
	}
	return raisedBy
}

// sentenceSpan returns the byte span of sentence sent: from its first
// token's start to its last token's end.
func sentenceSpan(doc *tokenize.Document, sent int32) (start, end int) {
	toks := doc.Tokens
	i, _ := slices.BinarySearchFunc(toks, sent, func(t tokenize.Token, s int32) int { return cmp.Compare(t.Sentence, s) })
	if i == len(toks) {
		return 0, len(doc.Text)
	}
	start = toks[i].Start
	j := i
	for j+1 < len(toks) && toks[j+1].Sentence == sent {
		j++
	}
	return start, toks[j].End
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// round keeps 4 decimals, so that output is stable and readable.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
