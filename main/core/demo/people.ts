/**
 * Names and companies for the demo event: international, with the accents and scripts a real
 * guest list has (the search, the badges and the CSV export must all cope with them).
 */
export const firstNames = [
  'Zoë', 'Jürgen', 'Ñuño', 'Amélie', 'Søren', 'Łucja', 'Çağla', 'José', 'Björn', 'Anaïs',
  'Mária', 'Ólafur', 'François', 'Václav', 'Aoife', 'Siobhán', 'Renée', 'Małgorzata', 'Zeynep', 'Kwame',
  'Chiara', 'Hiroshi', 'Ngozi', 'Priya', 'Matías', 'Inès', 'Jiří', 'Ewa', 'Tomás', 'Ana',
  'Yusuf', 'Léa', 'Ørjan', 'Annika', 'Grégoire', 'Sun-hee', 'Mei', 'Rafał', 'Fatoumata', 'Astrid',
];

export const lastNames = [
  'Müller', 'Ñúñez', 'García', 'Øster', 'Kowalczyk', 'Nakamura', 'Dubois', 'Šimek', 'Çelik', 'Rossi',
  'Okonkwo', 'Fernández', "O'Brien", 'Lindqvist', 'Jørgensen', 'Schäfer', 'Petrović', 'Łukasiewicz', 'Yılmaz', 'Nguyễn',
  'Sørensen', 'Ibáñez', 'Kovács', 'Mäkinen', 'Gonçalves', 'Dąbrowski', 'Van der Berg', 'Ó Súilleabháin', 'Ahmed', 'Kim',
  'Haddad', 'Papadopoulos', 'Novák', 'Björklund', 'Mensah', 'Costa', 'Weiß', 'Żółkiewski', 'Ruiz-Picasso', 'Lefèvre',
];

export const companies = [
  { name: 'Nordlicht Energie AG', domain: 'nordlicht.example' },
  { name: 'Café Société SARL', domain: 'cafesociete.example' },
  { name: 'Peña & Asociados', domain: 'pena.example' },
  { name: 'Ørsted Labs', domain: 'orstedlabs.example' },
  { name: 'Kraków Software Sp. z o.o.', domain: 'krakowsoft.example' },
  { name: 'Sakura Robotics', domain: 'sakura-robotics.example' },
  { name: 'Lagos Fintech Ltd', domain: 'lagosfintech.example' },
  { name: 'Åbo Akademi', domain: 'abo.example' },
  { name: 'İstanbul Tasarım', domain: 'istanbul-tasarim.example' },
  { name: 'Freelance', domain: 'mail.example' },
  { name: 'Universidade de São Paulo', domain: 'usp.example' },
  { name: 'Müller & Söhne GmbH', domain: 'mueller-soehne.example' },
];

export const notes = [
  'Wheelchair user: offer the ramp entrance',
  'Speaker: send to the green room',
  'Press: hand out the press kit',
  'Allergy (nuts): tell catering',
];

/** The email local part: accents folded, spaces and apostrophes dropped ("Zoë Ñúñez" → zoe.nunez). */
export function emailLocal(first: string, last: string): string {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[łŁ]/g, 'l')
      .replace(/[øØ]/g, 'o')
      .replace(/ß/g, 'ss')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '');
  return `${fold(first)}.${fold(last)}`;
}

/** A small seeded generator, so the demo is the same list every time (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
