'use strict';
// Runs perspective-api-client, the Perspective client of the npm registry,
// unchanged against a Vigie server on this machine: only its base URL
// changes. The client has a single endpoint, Google's, written in its code,
// and no option to change it; an axios request interceptor (the client's own
// HTTP library, shared through node_modules) rewrites that base URL and
// nothing else.
//
//   VIGIE_URL=http://127.0.0.1:8080 node client.js
//
// Each case checks what a Perspective user relies on, then prints one JSON
// line with the answer, for the Go test (client_test.go) to compare with the
// classifier's own numbers. The last line is "N passed, N failed".

const assert = require('node:assert/strict');
const path = require('node:path');
const axios = require('axios');
const Perspective = require('perspective-api-client');

const base = process.env.VIGIE_URL;
if (!base || !/^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?$/.test(base)) {
  console.error('client.js: set VIGIE_URL to the server, on a loopback address (http://127.0.0.1:PORT)');
  process.exit(2);
}
const google = 'https://commentanalyzer.googleapis.com';
const clientAxios = require.resolve('axios', {paths: [path.dirname(require.resolve('perspective-api-client'))]});
assert.equal(clientAxios, require.resolve('axios'), 'the client must share this axios for its base URL to change');
axios.interceptors.request.use(config => {
  if (!config.url.startsWith(google + '/')) {
    throw new Error('the client asked for an unexpected URL: ' + config.url);
  }
  config.url = base + config.url.slice(google.length);
  config.proxy = false; // loopback: never through a proxy of the environment
  return config;
});

const client = new Perspective({apiKey: 'not-needed-by-vigie'});

// checkAnswer checks the shape of a comments:analyze answer and that every
// span is a trimmed part of the text, in JavaScript's string indices
// (UTF-16 code units), as Perspective's are.
function checkAnswer(text, answer, attributes) {
  assert.deepEqual(Object.keys(answer.attributeScores).sort(), [...attributes].sort());
  for (const name of attributes) {
    const a = answer.attributeScores[name];
    assert.equal(a.summaryScore.type, 'PROBABILITY');
    assert.ok(a.summaryScore.value >= 0 && a.summaryScore.value <= 1, `${name} summary ${a.summaryScore.value}`);
    for (const s of a.spanScores || []) {
      assert.ok(s.begin >= 0 && s.begin < s.end && s.end <= text.length, `${name} span [${s.begin},${s.end})`);
      const part = text.slice(s.begin, s.end);
      assert.equal(part, part.trim(), `${name} span ${JSON.stringify(part)} is not trimmed`);
      assert.equal(s.score.type, 'PROBABILITY');
    }
  }
}

const threatEN = "I'm going to shoot up the school tomorrow 🔫, the kuffar will pay. These subhumans are vermin.";
const threatFR = 'Je vais les égorger, ces kouffar 😡. Ces sous-hommes sont des cafards.';

const cases = [
  ['documented request, English, with spans', async () => {
    const answer = await client.analyze({
      comment: {text: threatEN},
      languages: ['en'],
      requestedAttributes: {THREAT: {}, IDENTITY_ATTACK: {}},
      spanAnnotations: true,
      clientToken: 'js-1',
    }, {stripHTML: false});
    checkAnswer(threatEN, answer, ['THREAT', 'IDENTITY_ATTACK']);
    assert.equal(answer.clientToken, 'js-1');
    assert.deepEqual(answer.languages, ['en']);
    assert.equal(answer.attributeScores.THREAT.spanScores.length, 2);
    return {text: threatEN, answer};
  }],
  ['plain text, French, attributes as a list, language detected', async () => {
    const answer = await client.analyze(threatFR, {attributes: ['threat', 'identity_attack', 'vigie_extremism']});
    checkAnswer(threatFR, answer, ['THREAT', 'IDENTITY_ATTACK', 'VIGIE_EXTREMISM']);
    assert.deepEqual(answer.languages, ['fr']);
    assert.deepEqual(answer.detectedLanguages, ['fr']);
    return {text: threatFR, answer};
  }],
  ['TOXICITY, the client default, is refused with the supported list', async () => {
    await assert.rejects(client.analyze('You are an idiot'), err => {
      assert.equal(err.name, 'ResponseError');
      assert.equal(err.response.status, 400);
      assert.match(err.message, /^Unknown requested attribute: TOXICITY\. This server \(Vigie\) scores: THREAT, IDENTITY_ATTACK/);
      assert.equal(err.response.data.error.status, 'INVALID_ARGUMENT');
      return true;
    });
  }],
  ['German is refused as Perspective refuses an unsupported language', async () => {
    await assert.rejects(client.analyze({comment: {text: 'Ich werde dich töten'}, languages: ['de']}, {attributes: ['THREAT']}), err => {
      assert.equal(err.response.status, 400);
      const d = err.response.data.error.details[0];
      assert.equal(d.errorType, 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE');
      assert.equal(d.languageNotSupportedByAttributeError.attribute, 'THREAT');
      assert.match(err.message, /^Attribute THREAT does not support request languages: de/);
      return true;
    });
  }],
];

(async () => {
  let passed = 0;
  let failed = 0;
  for (const [name, run] of cases) {
    try {
      const result = await run();
      console.log(JSON.stringify({case: name, ...result}));
      passed++;
    } catch (err) {
      console.error(`FAIL ${name}: ${err.stack || err}`);
      failed++;
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
