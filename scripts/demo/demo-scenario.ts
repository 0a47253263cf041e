/**
 * The demo's world: twelve clinics called about how they schedule patients. Ten answer, one is
 * busy, one number is invalid; what they say (and what the simulated model makes of it) is
 * scripted so that one hypothesis ends VALIDATED, one INVALIDATED and one INCONCLUSIVE.
 */

type Stance = 'supports' | 'contradicts';
interface ScriptedClaim {
  hypothesis: string;
  stance: Stance;
  confidence: number;
  statement: string;
}
interface Clinic {
  name: string;
  /** Words only this clinic says: the simulated model recognises its transcript by them. */
  says: string;
  claims: ScriptedClaim[];
}

export const DEMO_HYPOTHESES = [
  { key: 'phone-booking', statement: 'Most clinics still book the majority of appointments by phone' },
  { key: 'paper-records', statement: 'Clinics keep their schedules on paper' },
  { key: 'switching-software', statement: 'Clinics plan to switch scheduling software within a year' },
];

export const DEMO_EXPECTED_VERDICTS: Record<string, string> = {
  'phone-booking': 'VALIDATED',
  'paper-records': 'INVALIDATED',
  'switching-software': 'INCONCLUSIVE',
};

const supports = (hypothesis: string, statement: string, confidence = 0.85): ScriptedClaim => ({ hypothesis, stance: 'supports', confidence, statement });
const contradicts = (hypothesis: string, statement: string, confidence = 0.8): ScriptedClaim => ({ hypothesis, stance: 'contradicts', confidence, statement });

const CLINICS: Clinic[] = [
  { name: 'Maple Family Practice', says: 'at Maple nearly every booking comes through our front desk phone line', claims: [supports('phone-booking', 'Nearly all bookings arrive by phone')] },
  { name: 'Harbor Pediatrics', says: 'over at Harbor parents call us for almost all their visits', claims: [supports('Phone booking', 'Parents book almost every visit by calling')] },
  {
    name: 'Cedar Dental',
    says: 'Cedar gets most appointments on the phone and our calendar lives in a cloud system',
    claims: [supports('phone-booking', 'Most appointments are booked by phone', 0.9), contradicts('paper-records', 'The schedule is kept in a cloud calendar')],
  },
  {
    name: 'Birch Physio',
    says: 'at Birch the phone rings for bookings all day and nothing is on paper anymore',
    claims: [supports('phone-booking', 'Bookings come in by phone all day', 0.8), contradicts('paper-records', 'No paper schedule is used')],
  },
  {
    name: 'Willow Eye Care',
    says: 'Willow patients mostly phone us and we moved the diary to software years ago',
    claims: [supports('phone-booking', 'Patients mostly book by phone', 0.75), contradicts('paper-records', 'The diary moved to software years ago', 0.85)],
  },
  {
    name: 'Aspen Dermatology',
    says: 'Aspen uses an electronic schedule and we are shopping for a new booking tool',
    claims: [contradicts('paper-records', 'An electronic schedule is used'), supports('switching-software', 'They are shopping for a new booking tool', 0.7)],
  },
  {
    name: 'Spruce Cardiology',
    says: 'Spruce stays with the booking system we have and everything is digital',
    claims: [contradicts('paper-records', 'Everything is digital', 0.9), contradicts('switching-software', 'They will keep their current booking system', 0.7)],
  },
  { name: 'Pine Orthopedics', says: 'Pine signed a contract for a new scheduler starting next spring', claims: [supports('switching-software', 'A new scheduler starts next spring', 0.8)] },
  { name: 'Elm Women’s Health', says: 'Elm renewed our scheduling vendor for three more years', claims: [contradicts('switching-software', 'The scheduling vendor was renewed for three years', 0.8)] },
  { name: 'Oak Urgent Care', says: 'Oak takes walk ins mostly so scheduling is not a big topic for us', claims: [] },
];

/** The demo's numbers: `<prefix>0001`..`<prefix>0012` (tests run the scenario again on other prefixes). */
export const DEMO_PHONE_PREFIX = '+1555010';
const numbers = (prefix: string) => {
  const phone = (n: number) => `${prefix}${String(n).padStart(4, '0')}`;
  return { phone, busy: phone(11), invalid: phone(12) };
};

export const DEMO_CHECKLIST = [
  'How do patients book appointments today?',
  'Where is the appointment schedule kept?',
  'Are you planning to change your scheduling software?',
];

/** The campaign the demo drafts through the gateway. */
export function demoCampaign(name = 'Clinic scheduling research (demo)', prefix = DEMO_PHONE_PREFIX) {
  const { phone, busy, invalid } = numbers(prefix);
  return {
    name,
    checklist: DEMO_CHECKLIST,
    hypotheses: DEMO_HYPOTHESES,
    contacts: [...CLINICS.map((clinic, i) => ({ phone: phone(i + 1), name: clinic.name })), { phone: busy, name: 'Busy Bee Clinic' }, { phone: invalid, name: 'Wrong Number Clinic' }],
  };
}

const agentQuestions = DEMO_CHECKLIST.join(' ');

/** What the simulator needs: who answers and says what, and what the model answers. */
export function demoSimulatorScenario(prefix = DEMO_PHONE_PREFIX) {
  const { phone, busy, invalid } = numbers(prefix);
  const callees: Record<string, unknown> = {
    [busy]: { outcome: 'busy' },
    [invalid]: { outcome: 'invalid' },
  };
  CLINICS.forEach((clinic, i) => {
    callees[phone(i + 1)] = {
      outcome: 'completed',
      durationSeconds: 60 + i * 7,
      dialogue: [
        { speaker: 'agent', text: `Hello, this is Switchboard calling for a short research interview. ${agentQuestions}` },
        { speaker: 'callee', text: `Sure. Well, ${clinic.says}.` },
        { speaker: 'agent', text: 'Thank you, that is very helpful.' },
      ],
    };
  });
  const judgements = [
    { key: 'phone-booking', consistency: 'supported', conclusion: 'Every clinic asked books most appointments by phone.' },
    { key: 'paper-records', consistency: 'contradicted', conclusion: 'No clinic keeps its schedule on paper; all use software.' },
    { key: 'switching-software', consistency: 'mixed', conclusion: 'Some clinics are switching scheduling software, as many are staying.' },
  ];
  return {
    callees,
    chats: [
      // Validation prompts first: they quote claims, never the callees' own words.
      ...judgements.map(({ key, ...reply }) => ({ whenPromptContains: `Judge hypothesis ${key}:`, reply })),
      ...CLINICS.map((clinic) => ({
        whenPromptContains: clinic.says,
        reply: { claims: clinic.claims.map((c) => ({ ...c, evidenceStart: 9.5, evidenceEnd: 14 })) },
      })),
    ],
  };
}

/** The end state the demo must reach (and the e2e test checks). */
export const DEMO_EXPECTED_CALLS = { COMPLETED: 10, BUSY: 1, FAILED: 1 };
export const DEMO_EXPECTED_CLAIMS: Record<string, number> = { 'phone-booking': 5, 'paper-records': 5, 'switching-software': 4 };
