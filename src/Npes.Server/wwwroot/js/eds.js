// NPES — signing with an EDS in the browser, no dependencies: through the local signing agent (npes agent) when it
// answers at the URL in data-eds-agent (the key stays in the agent, on a token or in a file, and the agent shows the
// holder what is signed and asks for the PIN); otherwise, where the server allows it, with a software key file read
// into the page (WebCrypto).
// A form marked data-eds="login" asks the server for a challenge, checks it is an NPES login statement naming this
// page's origin, shows it, and signs it on the second click; data-eds="sign" signs the statement in its hidden field
// "Statement" after checking it is the handover statement of the form's decision and letter. Nothing else is signed. The key file (PKCS#8 private key + certificate, PEM) is read
// locally; only the certificates and the signature are sent. The file input has no name, so it is never uploaded.
(function () {
  'use strict';

  function pemBlocks(text) {
    var re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
    var blocks = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      blocks.push({ label: m[1], base64: m[2].replace(/[^A-Za-z0-9+/=]/g, '') });
    }
    return blocks;
  }

  function toBytes(base64) {
    var s = atob(base64);
    var bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { bytes[i] = s.charCodeAt(i); }
    return bytes;
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s);
  }

  async function readKeyFile(form) {
    var input = document.getElementById(form.dataset.edsKey);
    var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
    if (files.length === 0) { throw new Error(form.dataset.msgNoFile); }
    var texts = await Promise.all(files.map(function (f) { return f.text(); }));
    var blocks = pemBlocks(texts.join('\n'));
    var key = blocks.find(function (b) { return b.label === 'PRIVATE KEY'; });
    var certificates = blocks.filter(function (b) { return b.label === 'CERTIFICATE'; }).map(function (b) { return b.base64; });
    if (!key) { throw new Error(form.dataset.msgNoKey); }
    if (certificates.length === 0) { throw new Error(form.dataset.msgNoCertificate); }
    return { pkcs8: toBytes(key.base64), certificates: certificates };
  }

  // ECDSA P-256 with SHA-256 (IEEE P1363 r||s, what WebCrypto produces); RSA PKCS#1 v1.5 as a fallback.
  async function sign(pkcs8, data) {
    var subtle = window.crypto.subtle;
    try {
      var ec = await subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
      return await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec, data);
    } catch (e) {
      var rsa = await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
      return await subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, rsa, data);
    }
  }

  // The local signing agent: asked once per page for its certificate; every page signs through it when it answers.
  var agent = null;

  async function probeAgent() {
    var host = document.querySelector('[data-eds-agent]');
    if (!host) { return; }
    var url = host.dataset.edsAgent.replace(/\/+$/, '');
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 10000);
    try {
      var response = await fetch(url + '/v1/identity', { signal: controller.signal, credentials: 'omit', cache: 'no-store' });
      if (response.ok) {
        var identity = await response.json();
        if (identity && typeof identity.certificate === 'string') {
          agent = { url: url, certificate: identity.certificate, subject: String(identity.subject || '') };
        }
      }
    } catch (e) {
      agent = null;
    } finally {
      clearTimeout(timer);
    }
    document.querySelectorAll('[data-eds-agent-ready]').forEach(function (el) {
      el.hidden = !agent;
      var subject = el.querySelector('[data-eds-agent-subject]');
      if (subject && agent) { subject.textContent = agent.subject; }
    });
    document.querySelectorAll('[data-eds-agent-missing]').forEach(function (el) { el.hidden = !!agent; });
    document.querySelectorAll('[data-eds-keyfile]').forEach(function (el) { el.hidden = !!agent; });
  }

  var agentProbed = probeAgent();

  // Asks the agent to sign exactly these bytes; it shows them to the holder and asks for the PIN in its own window.
  async function agentSign(base64, purpose) {
    var response = await fetch(agent.url + '/v1/sign', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ statement: base64 }),
      credentials: 'omit',
      cache: 'no-store'
    });
    var answer = {};
    try { answer = await response.json(); } catch (e) { answer = {}; }
    if (!response.ok) { throw new Error(answer.detail || answer.title || response.statusText); }
    if (answer.purpose !== purpose || answer.certificate !== agent.certificate || typeof answer.signature !== 'string') {
      throw new Error('agent');
    }
    return answer.signature;
  }

  var LOGIN_HEADER = 'NPES login challenge v2';
  var HANDOVER_HEADER = 'NPES handover statement v1';

  function statementLines(bytes) {
    var text;
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch (e) { return null; }
    var lines = text.split('\n');
    return lines.length === 7 && lines[6] === '' ? lines : null;
  }

  // The purpose and origin are checked before anything is signed: a server (or a man in the middle) cannot pass a
  // handover statement, another server's challenge or arbitrary bytes as this login.
  function checkLogin(form, bytes) {
    var lines = statementLines(bytes);
    if (!lines || lines[0] !== LOGIN_HEADER || lines[1] !== 'origin: ' + window.location.origin) {
      throw new Error(form.dataset.msgWrongStatement);
    }
  }

  function checkHandover(form, bytes) {
    var lines = statementLines(bytes);
    if (!lines || lines[0] !== HANDOVER_HEADER || lines[1] !== 'decision: ' + form.dataset.edsDecision || lines[2] !== 'letter: ' + form.dataset.edsLetter) {
      throw new Error(form.dataset.msgWrongStatement);
    }
  }

  function show(form, bytes) {
    var pre = form.querySelector('[data-eds-statement]');
    if (pre) {
      pre.textContent = new TextDecoder('utf-8').decode(bytes);
      pre.hidden = false;
    }
  }

  function setHidden(form, name, value) {
    var field = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = name;
      form.appendChild(field);
    }
    field.value = value;
  }

  // Asks this server for a login challenge bound to the certificate, and accepts it only as an NPES login statement
  // for this page's origin (checkLogin); the form keeps the challenge id and the certificate to post with the signature.
  async function loginChallenge(form, certificates) {
    var body = new FormData();
    body.append('__RequestVerificationToken', form.querySelector('input[name=__RequestVerificationToken]').value);
    certificates.forEach(function (c) { body.append('certificates', c); });
    var response = await fetch(form.dataset.edsChallenge, { method: 'POST', body: body, credentials: 'same-origin' });
    var answer = await response.json();
    if (!response.ok) { throw new Error(answer.error || response.statusText); }
    checkLogin(form, toBytes(answer.toBeSigned));
    setHidden(form, 'ChallengeId', answer.challengeId);
    setHidden(form, 'Certificate', answer.certificate);
    return answer;
  }

  function statusOf(form) {
    return form.querySelector('[data-eds-status]') || (form.closest('section') || document).querySelector('[data-eds-status]');
  }

  async function handle(form, submitter) {
    var status = statusOf(form);
    if (status) { status.textContent = form.dataset.msgSigning; status.classList.remove('status--error'); }
    await agentProbed;
    if (agent) {
      await handleWithAgent(form, status, submitter);
      return;
    }
    if (!document.getElementById(form.dataset.edsKey)) { throw new Error(form.dataset.msgNoAgent); }
    if (!window.crypto || !window.crypto.subtle) { throw new Error(form.dataset.msgUnsupported); }
    var key = await readKeyFile(form);
    var toBeSigned;
    if (form.dataset.eds === 'login') {
      if (!form.dataset.edsPending) {
        var answer = await loginChallenge(form, key.certificates);
        var bytes = toBytes(answer.toBeSigned);
        form.dataset.edsPending = answer.toBeSigned;
        show(form, bytes);
        if (status) { status.textContent = form.dataset.msgConfirm; }
        if (submitter) {
          submitter.textContent = form.dataset.msgSignStatement;
          submitter.disabled = false;
        }
        return;
      }
      toBeSigned = form.dataset.edsPending;
      checkLogin(form, toBytes(toBeSigned));
    } else {
      toBeSigned = form.querySelector('input[name=Statement]').value;
      checkHandover(form, toBytes(toBeSigned));
      form.querySelectorAll('input[name=Certificates]').forEach(function (f) { f.remove(); });
      key.certificates.forEach(function (c) {
        var field = document.createElement('input');
        field.type = 'hidden';
        field.name = 'Certificates';
        field.value = c;
        form.appendChild(field);
      });
    }
    var signature = await sign(key.pkcs8, toBytes(toBeSigned));
    setHidden(form, 'Signature', toBase64(signature));
    form.dataset.edsSigned = '1';
    if (submitter) { submitter.disabled = true; }
    form.submit();
  }

  // With the agent there is no second click: the agent itself shows the statement and asks the holder to confirm.
  async function handleWithAgent(form, status, submitter) {
    var signature;
    if (form.dataset.eds === 'login') {
      var answer = await loginChallenge(form, [agent.certificate]);
      var bytes = toBytes(answer.toBeSigned);
      show(form, bytes);
      if (status) { status.textContent = form.dataset.msgAgentConfirm; }
      signature = await agentSign(answer.toBeSigned, 'login');
    } else {
      var toBeSigned = form.querySelector('input[name=Statement]').value;
      checkHandover(form, toBytes(toBeSigned));
      form.querySelectorAll('input[name=Certificates]').forEach(function (f) { f.remove(); });
      setHidden(form, 'Certificates', agent.certificate);
      if (status) { status.textContent = form.dataset.msgAgentConfirm; }
      signature = await agentSign(toBeSigned, form.dataset.edsDecision);
    }
    setHidden(form, 'Signature', signature);
    form.dataset.edsSigned = '1';
    if (submitter) { submitter.disabled = true; }
    form.submit();
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.eds || form.dataset.edsSigned === '1') { return; }
    event.preventDefault();
    var submitter = event.submitter || form.querySelector('button[type=submit]');
    if (submitter) { submitter.disabled = true; }
    handle(form, submitter).catch(function (error) {
      delete form.dataset.edsPending;
      var status = statusOf(form);
      if (status) {
        status.textContent = form.dataset.msgFailed + ' ' + (error && error.message ? error.message : String(error));
        status.classList.add('status--error');
        status.focus();
      }
      if (submitter) { submitter.disabled = false; }
    });
  });
})();
