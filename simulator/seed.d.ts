// Types for TypeScript tests that import the seeded constants (seed.js is browser-safe:
// it imports nothing, so Web Test Runner tests may import it directly).
export declare const SAMPLE_TENANTS: Readonly<{ northwind: string; contoso: string }>;
export declare const SAMPLE_USERS: Readonly<{ ana: 'ana'; ben: 'ben' }>;
export declare const SAMPLE_RESOURCES: Readonly<{
  collection: string;
  page: string;
  kpiCard: string;
  lineCard: string;
  barCard: string;
  tableCard: string;
  storesCard: string;
  noProtocolPage: string;
  expiredPage: string;
  restrictedPage: string;
  realInstancePage: string;
}>;
export declare const SAMPLE_TOKENS: Readonly<{ ana: string; ben: string }>;
export declare function seedStore(store: unknown): void;
