/**
 * A small corpus of lessons, one topic each, and a question per lesson phrased as a viewer would
 * ask it (sharing some words with the lesson, never all): the relevance check and the demo use it.
 */
export const RELEVANCE_CORPUS: { title: string; text: string; question: string }[] = [
  {
    title: 'Sourdough starter',
    text: 'Feed your sourdough starter equal weights of flour and water every day. A healthy starter doubles within six hours and smells pleasantly sour. Keep it warm, around twenty four degrees, and bake when it peaks. A sluggish starter usually needs a warmer spot or fresher flour.',
    question: 'How often should I feed a sourdough starter and when is it ready to bake?',
  },
  {
    title: 'Pruning apple trees',
    text: 'Prune apple trees in late winter while they are dormant. Remove dead, crossing and inward branches first. Cut just above an outward facing bud with clean sharp shears. Never remove more than a quarter of the canopy in one season.',
    question: 'When is the right season to prune an apple tree?',
  },
  {
    title: 'Bicycle chain care',
    text: 'Clean the bicycle chain with a degreaser and a rag, then dry it completely. Apply one drop of lubricant to each roller and wipe the excess off the outside. A stretched chain wears the cassette, so measure it with a chain checker every few months.',
    question: 'What is the best way to clean and lubricate my bike chain?',
  },
  {
    title: 'Password managers',
    text: 'A password manager generates long random passwords and remembers them for you. Protect the vault with a strong master passphrase and turn on two factor authentication. Never reuse a password across websites, because one breach exposes every account.',
    question: 'Why should I use a password manager instead of reusing passwords?',
  },
  {
    title: 'Houseplant watering',
    text: 'Water houseplants when the top two centimetres of soil feel dry. Overwatering rots roots faster than drought harms them. Pots need drainage holes, and succulents want even less water in winter when growth slows.',
    question: 'How do I know when my houseplants need water?',
  },
  {
    title: 'Cold brew coffee',
    text: 'Cold brew coffee steeps coarse grounds in cold water for twelve to eighteen hours. Use one part coffee to eight parts water, then strain through a paper filter. The concentrate keeps in the fridge for a week and tastes smooth with low acidity.',
    question: 'What ratio of coffee to water makes good cold brew?',
  },
  {
    title: 'Knife sharpening',
    text: 'Sharpen a kitchen knife on a whetstone soaked in water. Hold the blade at about fifteen degrees and draw it across the stone in smooth strokes. Finish on the fine grit side and hone the edge on a steel before each use.',
    question: 'What angle should I hold my knife at on a whetstone?',
  },
  {
    title: 'Composting basics',
    text: 'A compost pile balances green scraps like vegetable peels with brown material like dry leaves and cardboard. Turn the heap every week to add oxygen and keep it as damp as a wrung sponge. Avoid meat and dairy, which attract pests.',
    question: 'What can I put in my compost heap and how often do I turn it?',
  },
  {
    title: 'Interval running',
    text: 'Interval training alternates hard sprints with easy recovery jogs. Try eight repeats of one minute fast and two minutes slow after a proper warm up. Intervals raise your aerobic capacity and running speed more than steady mileage alone.',
    question: 'How do I structure an interval running workout to get faster?',
  },
  {
    title: 'Tomato seedlings',
    text: 'Start tomato seeds indoors six weeks before the last frost. Seedlings need strong light for sixteen hours a day or they grow leggy. Harden them off outdoors for a week before transplanting them deep into warm garden soil.',
    question: 'When should I start tomato seeds indoors before planting out?',
  },
  {
    title: 'Budget spreadsheet',
    text: 'Track every expense in a monthly budget spreadsheet with one column per category. Sum income at the top and subtract fixed bills like rent first. Review the totals each month and move savings to a separate account on payday.',
    question: 'How do I set up a spreadsheet to track my monthly budget?',
  },
  {
    title: 'Guitar tuning',
    text: 'Standard guitar tuning from the thickest string is E A D G B E. Tune each string with an electronic tuner or match it to the fifth fret of the string above. New strings stretch, so retune them several times during the first days.',
    question: 'What notes are the guitar strings tuned to in standard tuning?',
  },
  {
    title: 'Puppy house training',
    text: 'House train a puppy by taking it outside after every meal, nap and play session. Praise and reward it immediately when it toilets outdoors. Clean indoor accidents with an enzyme cleaner so the scent does not draw the puppy back.',
    question: 'How can I house train my new puppy quickly?',
  },
  {
    title: 'Tire pressure',
    text: 'Check car tire pressure once a month when the tires are cold. The correct pressure is printed on a sticker inside the driver door, not on the tire wall. Underinflated tires waste fuel and wear out the edges of the tread.',
    question: 'Where do I find the correct tire pressure for my car?',
  },
  {
    title: 'Meditation for beginners',
    text: 'Sit comfortably and focus your attention on the breath for five minutes. When the mind wanders, notice the thought and gently return to breathing. Daily meditation practice lowers stress more than occasional long sessions.',
    question: 'How should a beginner start a daily meditation practice?',
  },
  {
    title: 'Painting a wall',
    text: 'Before painting a wall, fill holes with filler, sand it smooth and wipe away dust. Cut in along the edges with a brush, then roll the paint on in overlapping W shapes. Two thin coats cover better than one thick coat.',
    question: 'How do I prepare and paint a wall with a roller?',
  },
  {
    title: 'Backing up photos',
    text: 'Follow the three two one rule for backing up photos: three copies, on two kinds of storage, one of them offsite. An external drive plus a cloud backup service covers most families. Test restoring a folder now and then.',
    question: 'What is the three two one rule for photo backups?',
  },
  {
    title: 'Bread proofing',
    text: 'Proof shaped bread dough until it rises by about half and springs back slowly when poked. Overproofed dough collapses in the oven. A cool overnight proof in the fridge develops more flavour in the loaf.',
    question: 'How can I tell if my bread dough has proofed enough?',
  },
  {
    title: 'Swimming breathing',
    text: 'In freestyle swimming, breathe out steadily underwater and turn your head to the side to inhale. Bilateral breathing every three strokes keeps the stroke balanced. Keep one goggle in the water so your head does not lift.',
    question: 'How do I breathe properly when swimming freestyle?',
  },
  {
    title: 'Email inbox zero',
    text: 'Process your email inbox in batches twice a day rather than constantly. Delete, archive, reply in under two minutes, or move the message to a task list. Unsubscribe from newsletters you never read to keep the inbox empty.',
    question: 'What is a good routine for keeping my email inbox empty?',
  },
];
