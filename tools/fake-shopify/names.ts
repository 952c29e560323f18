// Vocabulary for a believable outdoor-gear catalog. Invented names only.

export type ProductKind = {
  type: string;
  nouns: string[];
  price: [number, number];
  options: "none" | "size" | "color" | "size-color" | "capacity" | "length";
};

export const PRODUCT_KINDS: ProductKind[] = [
  {
    type: "Backpacks",
    nouns: ["Daypack 18L", "Daypack 24L", "Pack 40L", "Pack 55L", "Sling"],
    price: [45, 260],
    options: "color",
  },
  {
    type: "Tents",
    nouns: ["Tent 1P", "Tent 2P", "Tent 3P", "Tarp Shelter", "Bivy"],
    price: [120, 620],
    options: "none",
  },
  {
    type: "Sleeping Bags",
    nouns: ["Sleeping Bag 0°C", "Sleeping Bag -7°C", "Quilt", "Liner"],
    price: [40, 420],
    options: "length",
  },
  {
    type: "Jackets",
    nouns: ["Rain Shell", "Down Jacket", "Fleece", "Wind Shell", "Insulated Vest"],
    price: [60, 380],
    options: "size-color",
  },
  {
    type: "Base Layers",
    nouns: ["Merino Tee", "Merino Crew", "Base Tights", "Sun Hoody"],
    price: [35, 120],
    options: "size-color",
  },
  {
    type: "Socks",
    nouns: ["Hiking Sock", "Trail Runner Sock", "Liner Sock", "Mountaineering Sock"],
    price: [12, 32],
    options: "size",
  },
  {
    type: "Headlamps",
    nouns: ["Headlamp 300", "Headlamp 450", "Headlamp 800", "Camp Lantern"],
    price: [25, 110],
    options: "none",
  },
  {
    type: "Hydration",
    nouns: ["Bottle", "Insulated Bottle", "Soft Flask", "Reservoir"],
    price: [14, 48],
    options: "capacity",
  },
  {
    type: "Cookware",
    nouns: ["Pot Set", "Titanium Mug", "Spork", "Pan", "Kettle"],
    price: [9, 90],
    options: "none",
  },
  {
    type: "Stoves",
    nouns: ["Canister Stove", "Wind Burner", "Fuel 230g", "Fuel 450g"],
    price: [6, 160],
    options: "none",
  },
  {
    type: "Trekking Poles",
    nouns: ["Carbon Poles", "Alloy Poles", "Folding Poles"],
    price: [55, 190],
    options: "length",
  },
  {
    type: "Gloves",
    nouns: ["Liner Glove", "Softshell Glove", "Mitt"],
    price: [18, 95],
    options: "size",
  },
  {
    type: "Hats",
    nouns: ["Beanie", "Sun Hat", "Trail Cap", "Neck Gaiter"],
    price: [15, 45],
    options: "color",
  },
  {
    type: "Camp Furniture",
    nouns: ["Camp Chair", "Camp Table", "Hammock", "Sit Pad"],
    price: [20, 180],
    options: "color",
  },
  {
    type: "First Aid",
    nouns: ["First Aid Kit", "Blister Kit", "Repair Kit", "Water Filter"],
    price: [8, 120],
    options: "none",
  },
  {
    type: "Navigation",
    nouns: ["Compass", "Trail Map", "Guide Book", "GPS Mount"],
    price: [10, 60],
    options: "none",
  },
];

export const VENDORS = [
  "Northpeak",
  "Trailwise",
  "Alder & Ash",
  "Summit Supply",
  "Riverstone",
  "Kestrel Outdoor",
  "Bluefin Labs",
  "Granite Goods",
  "Cedar Line",
  "Polar Vale",
  "Switchback Co.",
  "Fernway",
];

export const ADJECTIVES = [
  "Alpine",
  "Ridge",
  "Trail",
  "Storm",
  "Canyon",
  "Glacier",
  "Ember",
  "Tundra",
  "Coastal",
  "Summit",
  "Granite",
  "Juniper",
  "Basalt",
  "Aurora",
  "Cirrus",
  "Talus",
  "Boreal",
  "Sierra",
  "Cascade",
  "Mesa",
];

export const COLORS = ["Black", "Slate", "Forest", "Ember", "Sand", "Navy", "Moss", "Rust"];
export const SIZES = ["XS", "S", "M", "L", "XL", "XXL"];
export const CAPACITIES = ["500 ml", "750 ml", "1 L", "1.5 L"];
export const LENGTHS = ["Regular", "Long", "Short"];

export const LOCATION_NAMES: [string, string][] = [
  ["Main Warehouse", "Columbus"],
  ["Downtown Store", "Portland"],
  ["East Depot", "Richmond"],
  ["Harbor Shop", "Seattle"],
];

export const FIRST_NAMES = [
  "Ada",
  "Bo",
  "Cleo",
  "Dev",
  "Eli",
  "Fay",
  "Gus",
  "Hana",
  "Ivo",
  "Jun",
  "Kai",
  "Lena",
  "Milo",
  "Noor",
  "Otto",
  "Pia",
];
export const LAST_NAMES = [
  "Rivera",
  "Okafor",
  "Lindqvist",
  "Tanaka",
  "Moreau",
  "Kowalski",
  "Haddad",
  "Nguyen",
  "Brennan",
  "Costa",
  "Ibsen",
  "Falk",
];
export const STREETS = [
  "Birch St",
  "Harbor Rd",
  "Mill Ave",
  "Pine Ct",
  "Lakeview Dr",
  "Quarry Ln",
  "Station Rd",
];
export const CITIES: [string, string, string][] = [
  ["Denver", "CO", "80202"],
  ["Boise", "ID", "83702"],
  ["Burlington", "VT", "05401"],
  ["Asheville", "NC", "28801"],
  ["Flagstaff", "AZ", "86001"],
  ["Duluth", "MN", "55802"],
];
