// What a fresh database starts with (server/db/seed.ts). Invented news; no real people.

/** The tutorial's three types first, then ours; all on the members-only channel. */
export const SEED_SUBSCRIPTION_TYPES = [
  { type: "Weather", channelName: "members", channelResource: "weather", position: 1 },
  { type: "Politics", channelName: "members", channelResource: "politics", position: 2 },
  { type: "Regional", channelName: "members", channelResource: "regional", position: 3 },
  { type: "Sports", channelName: "members", channelResource: "sports", position: 4 },
  { type: "Business", channelName: "members", channelResource: "business", position: 5 },
  { type: "Technology", channelName: "members", channelResource: "technology", position: 6 },
  { type: "Health", channelName: "members", channelResource: "health", position: 7 },
] as const;

export const SEED_DEMO_USERS = [
  { email: "admin@example.com", password: "admin1234", name: "Admin", role: "ADMIN" },
  { email: "member@example.com", password: "member1234", name: "Member", role: "MEMBER" },
] as const;

type SeedStory = { slug: string; title: string; summary: string; body: string; hoursAgo: number };

export const SEED_STORIES: readonly SeedStory[] = [
  {
    slug: "storm-front-brings-early-snow-to-the-valley",
    title: "Storm front brings early snow to the valley",
    summary: "Forecasters expect up to 20 cm overnight as a cold front moves in two weeks ahead of the usual season.",
    body: [
      "A band of cold air sweeping down from the north is expected to bring the first snow of the season to the valley tonight, about two weeks earlier than the long-term average.",
      "The regional weather office said accumulations of 10 to 20 centimetres are likely above 600 metres, with slush and black ice on lower roads by the morning commute.",
      "Road crews have moved gritting lorries to the main passes, and the transit authority advised travellers to allow extra time and to check for delays before setting out.",
    ].join("\n\n"),
    hoursAgo: 2,
  },
  {
    slug: "city-council-approves-new-riverside-park",
    title: "City council approves new riverside park",
    summary: "After a year of consultation, councillors voted 9 to 4 to turn the old freight yard into parkland.",
    body: [
      "The city council approved plans on Tuesday evening to convert the disused freight yard along the river into a 12-hectare public park, ending more than a year of public consultation.",
      "The design includes a cycle path linking the two bridges, a wetland area to absorb flood water, and a market hall built from the yard's old brick engine shed.",
      "Opponents argued that the site should have been used for housing. Construction is expected to begin next spring and to take about three years.",
    ].join("\n\n"),
    hoursAgo: 5,
  },
  {
    slug: "harbour-town-wins-regional-cup-final",
    title: "Harbour Town win the regional cup final",
    summary: "A late header settled a tense final in front of a record crowd at the coastal ground.",
    body: [
      "Harbour Town lifted the regional cup for the first time in 31 years after a 2-1 win over the Lakeside Rovers in front of a record crowd of 8,400.",
      "The visitors led at half time, but Harbour Town equalised from a penalty just after the hour and won it with a header from a corner in the 88th minute.",
      "The club's manager dedicated the victory to the volunteers who rebuilt the ground's stand after last winter's storm damage.",
    ].join("\n\n"),
    hoursAgo: 9,
  },
  {
    slug: "local-bakery-chain-expands-to-three-new-towns",
    title: "Local bakery chain expands to three new towns",
    summary: "The family-owned business plans to hire 60 people as it opens shops outside the county for the first time.",
    body: [
      "A family-owned bakery chain that began with a single shop on the high street 25 years ago will open branches in three neighbouring towns this autumn.",
      "The owners said the expansion would create around 60 jobs, most of them for bakers and apprentices trained at the company's central kitchen.",
      "The firm credited a move to longer fermentation and locally milled flour for a rise in sales that has continued even as food prices climbed.",
    ].join("\n\n"),
    hoursAgo: 20,
  },
  {
    slug: "library-network-switches-to-open-source-catalogue",
    title: "Library network switches to open-source catalogue",
    summary: "Fourteen branches now share one search system, and readers can reserve books from any of them online.",
    body: [
      "The county library network has replaced its twenty-year-old catalogue with an open-source system shared by all fourteen branches.",
      "Readers can now search every branch at once, reserve a book online and collect it at the library nearest to them, and renew loans from their phones.",
      "Library staff said the switch would save about a third of the annual licence costs, money that will go towards longer opening hours at the smaller branches.",
    ].join("\n\n"),
    hoursAgo: 30,
  },
  {
    slug: "clinics-extend-evening-hours-for-flu-season",
    title: "Clinics extend evening hours for flu season",
    summary: "Vaccination appointments will be available until 8 p.m. on weekdays at five health centres.",
    body: [
      "Five health centres across the district will stay open until 8 p.m. on weekdays from next Monday to offer seasonal flu vaccinations outside working hours.",
      "Health officials urged people over 65, pregnant women and those with long-term conditions to book early, as demand usually peaks in the first weeks of the programme.",
      "Appointments can be booked by phone or online; walk-in sessions will also run on Saturday mornings at the central clinic.",
    ].join("\n\n"),
    hoursAgo: 48,
  },
];
