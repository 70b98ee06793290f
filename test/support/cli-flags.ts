/** The flags of `passend case start` for a toeleiding case, after its case id. */
export const TOELEIDING_START_FLAGS: readonly string[] = [
  '--organisatie',
  'swv-x',
  '--regio',
  'r',
  '--actor',
  'intern-begeleider:ib-1',
  '--regisseur',
  'ib-1',
];
