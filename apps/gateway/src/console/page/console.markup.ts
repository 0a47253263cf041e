/** The page's shell: landmarks, a skip link, and live regions the script fills. */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard ops console</title>
<link rel="stylesheet" href="/console/app.css">
</head>
<body>
<a class="skip" href="#view">Skip to content</a>
<header>
  <strong class="brand">Switchboard ops</strong>
  <nav aria-label="Console sections" id="nav" hidden>
    <a href="#/runs">Runs</a>
    <a href="#/waiting">Waiting</a>
    <a href="#/events">Events</a>
    <a href="#/dead-letters">Dead letters</a>
    <a href="#/consumers">Consumers &amp; services</a>
    <a href="#/audit">Audit</a>
  </nav>
  <span id="who" aria-live="polite"></span>
</header>
<div id="alert" role="alert" class="alert" hidden></div>
<main id="view" tabindex="-1"></main>
<script src="/console/app.js" defer></script>
</body>
</html>
`;

export const CONSOLE_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #57606a; --line: #d0d7de; --accent: #0a58ca; --bad: #b42318; --ok: #1a7f37; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #30363d; --accent: #58a6ff; --bad: #f85149; --ok: #3fb950; --warn: #d29922; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
nav { display: flex; gap: 1rem; flex-wrap: wrap; }
nav a { color: var(--accent); text-decoration: none; padding: .2rem .1rem; }
nav a[aria-current="page"] { font-weight: 600; border-bottom: 2px solid var(--accent); }
#who { margin-left: auto; color: var(--muted); }
main { padding: 1rem 1.2rem 3rem; max-width: 1400px; }
h1 { font-size: 1.35rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
caption { text-align: left; color: var(--muted); padding: .2rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; word-break: break-word; margin: .3rem 0; max-height: 24rem; overflow: auto; }
form.filters { display: flex; gap: .8rem; flex-wrap: wrap; align-items: end; margin-bottom: .6rem; }
label { display: flex; flex-direction: column; gap: .15rem; font-size: 12.5px; color: var(--muted); }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button.danger { color: var(--bad); border-color: var(--bad); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.status-RUNNING { color: var(--warn); } .status-COMPLETED { color: var(--ok); } .status-FAILED, .status-CANCELED, .bad { color: var(--bad); }
.muted { color: var(--muted); }
.alert { margin: .6rem 1.2rem; padding: .5rem .8rem; border: 1px solid var(--bad); color: var(--bad); border-radius: 4px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: .5rem; top: .5rem; background: var(--bg); padding: .3rem; z-index: 1; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.live { color: var(--ok); font-size: 12px; }
tr.attempt td { font-size: 12.5px; border-bottom-style: dashed; }
.actions { display: flex; gap: .4rem; flex-wrap: wrap; }
progress { width: 20rem; }
`;
