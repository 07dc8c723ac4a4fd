// CaucusRooms example client: the public HTTP API and the session hub, through the official
// JavaScript SignalR client (@microsoft/signalr) in Node. See docs/protocol.md.
//
//   node client.mjs <baseUrl> <mediatorUserName> <mediatorPassword>
//
// It plays a whole short mediation and checks every answer against the protocol. It prints
// one line per step ("ok …"), and exits 0 only if everything behaved as documented; on the
// first surprise it prints "FAIL: …" and exits 1 (2 for bad arguments, 3 for the overall timeout).

import signalR from "@microsoft/signalr";

const STEP_TIMEOUT_MS = 10_000;
const OVERALL_TIMEOUT_MS = 90_000;
const QUIET_MS = 500; // how long "nothing arrives" is watched for

const [baseArg, userName, password] = process.argv.slice(2);
if (!baseArg || !userName || !password) {
  console.error("usage: node client.mjs <baseUrl> <mediatorUserName> <mediatorPassword>");
  process.exit(2);
}
const base = baseArg.replace(/\/+$/, "");

class ProtocolError extends Error {}

function check(condition, what) {
  if (!condition) throw new ProtocolError(what);
}

function ok(line) {
  console.log(`ok ${line}`);
}

/** Rejects after `ms` with a message naming what was awaited: every network wait here has one. */
function within(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new ProtocolError(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One person's browser: its own cookie jar for the HTTP API, then its own hub connection. */
class Browser {
  constructor(name) {
    this.name = name;
    this.cookies = new Map();
    this.events = [];
    this.waiters = [];
    this.hub = null;
  }

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Sends a JSON request; returns { status, body } (body is parsed JSON, or null). */
  async http(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.cookies.size) headers.Cookie = this.cookieHeader;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
    });
    const setCookies = typeof response.headers.getSetCookie === "function"
      ? response.headers.getSetCookie()
      : [response.headers.get("set-cookie")].filter(Boolean); // older Node: this API sets one cookie at a time
    for (const setCookie of setCookies) {
      const [pair] = setCookie.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async expect(method, path, body, status, what) {
    const result = await this.http(method, path, body);
    check(result.status === status, `${what}: expected HTTP ${status}, got ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  /** Opens this browser's hub connection for one session. In Node the client passes these
   *  headers on negotiate and on the WebSocket handshake; a browser sends the cookie itself. */
  async connect(sessionId) {
    this.hub = new signalR.HubConnectionBuilder()
      .withUrl(`${base}/hubs/session?sessionId=${encodeURIComponent(sessionId)}`, {
        transport: signalR.HttpTransportType.WebSockets,
        headers: { Cookie: this.cookieHeader },
        timeout: STEP_TIMEOUT_MS,
      })
      .configureLogging(signalR.LogLevel.Critical)
      .build();
    for (const event of ["StateChanged", "MessageReceived", "SessionChanged", "MediatorAskedFor"]) {
      this.hub.on(event, (payload) => this.record(event, payload));
    }
    await within(this.hub.start(), `${this.name} connects to the hub`);
  }

  record(event, payload) {
    this.events.push({ event, payload });
    for (const waiter of [...this.waiters]) {
      if (waiter.match(event, payload)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(payload);
      }
    }
  }

  /** The first event (already seen, or still to come) that matches. */
  next(event, predicate, what) {
    const match = (e, p) => e === event && predicate(p);
    const seen = this.events.find((x) => match(x.event, x.payload));
    if (seen) return Promise.resolve(seen.payload);
    return within(new Promise((resolve) => this.waiters.push({ match, resolve })), `${this.name} receives ${what}`);
  }

  /** Fails if a matching event arrived after event number `since` or arrives within QUIET_MS. */
  async nothingSince(since, event, predicate, what) {
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const seen = this.events.slice(since).filter((x) => x.event === event && predicate(x.payload));
    check(seen.length === 0, `${this.name} received ${what}: ${JSON.stringify(seen[0]?.payload)}`);
  }

  count(event, predicate) {
    return this.events.filter((x) => x.event === event && predicate(x.payload)).length;
  }

  invoke(method, ...args) {
    return within(this.hub.invoke(method, ...args), `${this.name} ${method}`);
  }

  /** Expects the hub to refuse a call with a HubException "Reason: sentence". */
  async refused(reason, method, ...args) {
    try {
      await this.invoke(method, ...args);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      check(error.message.includes(`${reason}: `), `${this.name} ${method}: expected a ${reason} refusal, got "${error.message}"`);
      return error.message.slice(error.message.indexOf(`${reason}: `));
    }
    throw new ProtocolError(`${this.name} ${method} was accepted; expected a ${reason} refusal`);
  }

  async close() {
    if (this.hub) await within(this.hub.stop(), `${this.name} disconnects`);
  }
}

let messageNumber = 0;
const clientMessageId = () => `node-${process.pid}-${++messageNumber}`;

async function run() {
  const mediator = new Browser("mediator");
  const party = new Browser("party");
  try {
    // --- HTTP: sign in, open a session, invite, redeem, accept ---------------------------------
    const me = await mediator.expect("POST", "/api/auth/login", { userName, password }, 200, "mediator signs in");
    check(me.role === "Mediator" && me.kind === "Account", `signed in, but as ${JSON.stringify(me)}`);
    check(mediator.cookies.size > 0, "sign-in set no cookie");
    ok(`signed in as mediator ${me.name}`);

    const created = await mediator.expect("POST", "/api/sessions",
      { title: "Example mediation", sides: ["Claimant", "Respondent"] }, 201, "mediator opens a session");
    const sessionId = created.sessionId;
    const room = (kind, side = null) => created.rooms.find((r) => r.kind === kind && r.side === side)?.roomId;
    const joint = room("Joint");
    const claimantCaucus = room("Caucus", "Claimant");
    const respondentCaucus = room("Caucus", "Respondent");
    check(joint && claimantCaucus && respondentCaucus && room("Mediators"), `rooms incomplete: ${JSON.stringify(created.rooms)}`);
    ok(`session ${sessionId} opened with ${created.rooms.length} rooms`);

    const invite = await mediator.expect("POST", `/api/sessions/${sessionId}/invites`,
      { displayName: "Pat", role: "Party", side: "Claimant" }, 201, "mediator invites a party");
    check(invite.inviteUrl.endsWith(`#${invite.code}`), `invite URL does not carry the code: ${invite.inviteUrl}`);
    ok(`invited party ${invite.participantId}`);

    const redeemed = await party.expect("POST", "/api/invites/redeem", { code: invite.code }, 200, "party redeems the invite");
    check(redeemed.sessionId === sessionId && redeemed.participantId === invite.participantId, `redeemed into ${JSON.stringify(redeemed)}`);
    const partyMe = await party.expect("GET", "/api/me", undefined, 200, "party asks who they are");
    check(partyMe.kind === "Invitee" && partyMe.role === "Party" && partyMe.sessionId === sessionId, `party is ${JSON.stringify(partyMe)}`);
    ok("party redeemed the invite with its own cookie jar");

    const stranger = await party.http("GET", `/api/sessions/${sessionId}`);
    check(stranger.status === 403 && stranger.body?.error === "NotAMediator", `party read the whole session: ${stranger.status}`);
    ok("party may not read the mediator's view (403 NotAMediator)");

    const agreement = await party.expect("GET", `/api/sessions/${sessionId}/agreement`, undefined, 200, "party reads the agreement");
    check(agreement.accepted === false && agreement.text.length > 0, `agreement ${JSON.stringify(agreement)}`);
    const accepted = await party.expect("POST", `/api/sessions/${sessionId}/agreement/accept`,
      { typedName: "Pat", agreementVersion: agreement.version }, 200, "party accepts the agreement");
    check(accepted.accepted === true, "acceptance not recorded");
    ok(`party accepted agreement version ${agreement.version}`);

    // --- Hub: connect both, admit --------------------------------------------------------------
    await mediator.connect(sessionId);
    const mediatorState = await mediator.next("StateChanged", () => true, "its own state");
    check(mediatorState.role === "Mediator" && mediatorState.rooms.length === 4, `mediator state ${JSON.stringify(mediatorState)}`);
    await party.connect(sessionId);
    const lobby = await party.next("StateChanged", (s) => s.reason === "connected", "its state on connect");
    check(lobby.location === "Lobby" && lobby.rooms.length === 0, `party on connect: ${JSON.stringify(lobby)}`);
    ok("both connected to the hub; the party waits in its lobby slot with no rooms");

    const lobbySend = await party.refused("NotEntitled", "SendMessage", joint, clientMessageId(), "hello from the lobby");
    ok(`a send from the lobby is refused: ${lobbySend}`);

    await mediator.invoke("Admit", invite.participantId, joint);
    const admitted = await party.next("StateChanged", (s) => s.reason === "admitted", "its admission");
    check(admitted.location === "Room" && admitted.roomId === joint, `admitted to ${JSON.stringify(admitted)}`);
    const labels = Object.fromEntries(admitted.rooms.map((r) => [r.roomId, r.label]));
    check(labels[joint] === "Everyone" && labels[claimantCaucus] === "Private — Claimant and mediator"
      && admitted.rooms.length === 2, `party's rooms after admission: ${JSON.stringify(admitted.rooms)}`);
    ok(`mediator admitted the party to the joint room; party may read: ${admitted.rooms.map((r) => r.label).join(", ")}`);

    // --- Chat in the joint room and in the party's caucus ----------------------------------------
    const exchange = async (from, to, roomId, text) => {
      const ack = await from.invoke("SendMessage", roomId, clientMessageId(), text);
      check(typeof ack.messageId === "string" && ack.seq > 0, `ack ${JSON.stringify(ack)}`);
      const got = await to.next("MessageReceived", (m) => m.messageId === ack.messageId, `"${text}"`);
      check(got.roomId === roomId && got.text === text && got.seq === ack.seq, `delivered ${JSON.stringify(got)}`);
      return ack;
    };
    const first = await exchange(mediator, party, joint, "Welcome, everyone.");
    await exchange(party, mediator, joint, "Thank you.");
    ok("messages exchanged in the joint room");
    await exchange(mediator, party, claimantCaucus, "Just between us: how are you doing?");
    await exchange(party, mediator, claimantCaucus, "Fine, thanks.");
    ok("messages exchanged in the party's caucus");

    // Idempotent send: the retry returns the first ack and delivers nothing twice.
    const retryId = clientMessageId();
    const once = await party.invoke("SendMessage", claimantCaucus, retryId, "Sent once, even if retried.");
    const again = await party.invoke("SendMessage", claimantCaucus, retryId, "Sent once, even if retried.");
    check(once.messageId === again.messageId && once.seq === again.seq, `retry got a new ack: ${JSON.stringify([once, again])}`);
    await mediator.next("MessageReceived", (m) => m.messageId === once.messageId, "the retried message");
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    check(mediator.count("MessageReceived", (m) => m.messageId === once.messageId) === 1, "a retried send was delivered twice");
    ok("a retried SendMessage with the same clientMessageId returned the same ack and was delivered once");

    // Resume: history after a seq.
    const all = await party.invoke("GetHistory", joint, 0);
    const after = await party.invoke("GetHistory", joint, first.seq);
    check(all.length === 2 && after.length === 1 && after[0].seq > first.seq, `history ${JSON.stringify({ all, after })}`);
    ok(`GetHistory(joint, 0) returned ${all.length} messages, GetHistory(joint, ${first.seq}) returned ${after.length}`);

    // The other side's caucus is never readable; a party may not move anyone.
    await party.refused("NotEntitled", "GetHistory", respondentCaucus, 0);
    await party.refused("NotAMediator", "Move", invite.participantId, claimantCaucus);
    ok("party may not read the other side's caucus nor move itself");

    await party.invoke("AskForMediator");
    const ask = await mediator.next("MediatorAskedFor", (a) => a.participantId === invite.participantId, "the party's ask");
    check(ask.side === "Claimant", `ask ${JSON.stringify(ask)}`);
    ok("party asked for the mediator; the mediator was told");

    // --- Move, then a send to the room just left is refused --------------------------------------
    await mediator.invoke("Move", invite.participantId, claimantCaucus);
    // The ack of Move returns only after every connection of the party holds its new entitlements.
    const moved = await party.next("StateChanged", (s) => s.reason === "moved", "its move");
    check(moved.roomId === claimantCaucus && moved.rooms.length === 1 && moved.rooms[0].roomId === claimantCaucus,
      `after the move: ${JSON.stringify(moved)}`);
    ok("mediator moved the party to its caucus; the party may now read only that caucus");

    const sinceMove = party.events.length;
    const leftRoom = await party.refused("NotEntitled", "SendMessage", joint, clientMessageId(), "typed before the move");
    ok(`a send to the room just left is refused: ${leftRoom}`);
    await party.refused("NotEntitled", "GetHistory", joint, 0);
    const afterMove = await mediator.invoke("SendMessage", joint, clientMessageId(), "Said in the joint room after the party left.");
    await party.nothingSince(sinceMove, "MessageReceived", (m) => m.roomId === joint || m.messageId === afterMove.messageId, "a joint-room message after leaving it");
    check(mediator.count("MessageReceived", (m) => m.text === "typed before the move") === 0, "the refused send was delivered");
    ok("nothing from the joint room reached the party after the move");

    await exchange(party, mediator, claimantCaucus, "Still here in private.");
    ok("the caucus keeps working");
  } finally {
    await Promise.allSettled([mediator.close(), party.close()]);
  }
}

const overall = setTimeout(() => {
  console.error(`FAIL: the example did not finish within ${OVERALL_TIMEOUT_MS} ms`);
  process.exit(3);
}, OVERALL_TIMEOUT_MS);
overall.unref();

try {
  await run();
  console.log("PASS: everything behaved as the protocol says");
  process.exit(0);
} catch (error) {
  console.error(`FAIL: ${error instanceof ProtocolError ? error.message : error?.stack ?? error}`);
  process.exit(1);
}
