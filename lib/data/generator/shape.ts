/**
 * Distributions the generator draws from, written after the shares measured on the real data
 * (olist.md). Weights are relative; they need not add up to anything.
 */

type Weighted<T> = readonly (readonly [T, number])[];

/** Purchases per hour of the day: quiet at night, busy from 10:00 to 22:00. */
export const HOUR_WEIGHTS: Weighted<number> = [
  24, 12, 5, 3, 2, 2, 5, 12, 30, 48, 62, 66, 60, 65, 66, 65, 67, 62, 58, 60, 62, 62, 58, 41,
].map((w, hour) => [hour, w] as const);

/** Final order status (olist.md: delivered 97.02%, then shipped, canceled, unavailable, …). */
export const STATUS_WEIGHTS: Weighted<string> = [
  ['delivered', 96478],
  ['shipped', 1107],
  ['canceled', 625],
  ['unavailable', 609],
  ['invoiced', 314],
  ['processing', 301],
  ['created', 5],
  ['approved', 2],
];

/** Items per order, for orders that have items (775 of 99,441 real orders have none). */
export const ITEMS_PER_ORDER: Weighted<number> = [
  [1, 88863],
  [2, 7516],
  [3, 1322],
  [4, 505],
  [5, 204],
  [6, 198],
  [7, 22],
  [8, 8],
  [10, 8],
  [12, 5],
  [15, 2],
  [20, 2],
  [21, 1],
];

export interface PaymentPattern {
  /** Type of the first payment row. */
  first: 'credit_card' | 'boleto' | 'debit_card' | 'voucher';
  /** Payment rows in all. */
  rows: number;
  /** Type of rows 2…n. */
  rest: 'voucher' | 'credit_card';
  weight: number;
}

/**
 * How orders pay: mostly one card or boleto payment; multi-payment orders are a card plus vouchers,
 * several vouchers, or two cards (olist.md: 1 row for 96,479 orders, 2 for 2,382, 3 for 301, …).
 */
export const PAYMENT_PATTERNS: readonly PaymentPattern[] = [
  { first: 'credit_card', rows: 1, rest: 'voucher', weight: 73972 },
  { first: 'boleto', rows: 1, rest: 'voucher', weight: 19784 },
  { first: 'debit_card', rows: 1, rest: 'voucher', weight: 1526 },
  { first: 'voucher', rows: 1, rest: 'voucher', weight: 1194 },
  { first: 'credit_card', rows: 2, rest: 'credit_card', weight: 287 },
  ...[1869, 212, 62, 33, 21, 15, 6, 6, 3, 4, 4].map((weight, k): PaymentPattern => ({
    first: 'credit_card',
    rows: k + 2,
    rest: 'voucher',
    weight,
  })),
  ...[224, 86, 46, 19, 15, 13, 7, 4, 3, 3, 3].map((weight, k): PaymentPattern => ({
    first: 'voucher',
    rows: k + 2,
    rest: 'voucher',
    weight,
  })),
];

/** Credit-card installments (only cards pay in more than one; 0 appears twice in the real data). */
export const CARD_INSTALLMENTS: Weighted<number> = [
  [1, 25455],
  [2, 12413],
  [3, 10461],
  [4, 7098],
  [5, 5239],
  [6, 3920],
  [7, 1626],
  [8, 4268],
  [9, 644],
  [10, 5328],
  [11, 23],
  [12, 133],
  [13, 16],
  [14, 15],
  [15, 74],
  [16, 5],
  [17, 8],
  [18, 27],
  [20, 17],
  [21, 3],
  [22, 1],
  [23, 1],
  [24, 18],
  [0, 2],
];

export interface StateShape {
  state: string;
  share: number;
  /** Postal code (CEP) prefix range of the state, first and last 5-digit prefix. */
  zip: readonly [number, number];
  /** Cities with relative weights; the first is the capital. */
  cities: Weighted<string>;
}

/** Customer states (olist.md shares; SP 41.98% … ) with their CEP ranges and main cities. */
export const STATES: readonly StateShape[] = [
  {
    state: 'SP',
    share: 41.98,
    zip: [1000, 19999],
    cities: [
      ['sao paulo', 37],
      ['campinas', 3.5],
      ['guarulhos', 3],
      ['sao bernardo do campo', 2.2],
      ['santo andre', 2.1],
      ['osasco', 2.1],
      ['sorocaba', 1.8],
      ['santos', 1.7],
      ['sao jose dos campos', 1.7],
      ['ribeirao preto', 1.5],
      ['jundiai', 1.3],
      ['piracicaba', 1],
      ['barueri', 1],
      ['mogi das cruzes', 1],
      ['sao jose do rio preto', 1],
      ['taubate', 0.8],
      ['bauru', 0.8],
      ['franca', 0.7],
      ['marilia', 0.6],
      ['presidente prudente', 0.6],
    ],
  },
  {
    state: 'RJ',
    share: 12.92,
    zip: [20000, 28999],
    cities: [
      ['rio de janeiro', 55],
      ['niteroi', 9],
      ['nova iguacu', 5],
      ['sao goncalo', 5],
      ['duque de caxias', 4],
      ['campos dos goytacazes', 3],
      ['petropolis', 3],
      ['volta redonda', 3],
      ['macae', 2],
    ],
  },
  {
    state: 'MG',
    share: 11.7,
    zip: [30000, 39999],
    cities: [
      ['belo horizonte', 25],
      ['juiz de fora', 6],
      ['contagem', 5],
      ['uberlandia', 5],
      ['betim', 3],
      ['montes claros', 2.5],
      ['uberaba', 2.5],
      ['divinopolis', 2],
      ['ipatinga', 2],
      ['pocos de caldas', 2],
    ],
  },
  {
    state: 'RS',
    share: 5.5,
    zip: [90000, 99999],
    cities: [
      ['porto alegre', 25],
      ['caxias do sul', 7],
      ['canoas', 5],
      ['pelotas', 4],
      ['santa maria', 4],
      ['novo hamburgo', 3],
      ['passo fundo', 3],
    ],
  },
  {
    state: 'PR',
    share: 5.07,
    zip: [80000, 87999],
    cities: [
      ['curitiba', 30],
      ['londrina', 8],
      ['maringa', 7],
      ['ponta grossa', 4],
      ['cascavel', 3],
      ['sao jose dos pinhais', 3],
      ['foz do iguacu', 2],
    ],
  },
  {
    state: 'SC',
    share: 3.66,
    zip: [88000, 89999],
    cities: [
      ['florianopolis', 15],
      ['joinville', 10],
      ['blumenau', 9],
      ['sao jose', 6],
      ['itajai', 5],
      ['chapeco', 4],
      ['criciuma', 4],
      ['balneario camboriu', 4],
    ],
  },
  {
    state: 'BA',
    share: 3.4,
    zip: [40000, 48999],
    cities: [
      ['salvador', 37],
      ['feira de santana', 6],
      ['vitoria da conquista', 4],
      ['lauro de freitas', 4],
      ['ilheus', 2],
      ['itabuna', 2],
    ],
  },
  {
    state: 'DF',
    share: 2.15,
    zip: [70000, 73699],
    cities: [
      ['brasilia', 75],
      ['taguatinga', 8],
      ['ceilandia', 4],
      ['aguas claras', 4],
    ],
  },
  {
    state: 'ES',
    share: 2.04,
    zip: [29000, 29999],
    cities: [
      ['vila velha', 20],
      ['vitoria', 20],
      ['serra', 15],
      ['cariacica', 10],
      ['guarapari', 5],
      ['linhares', 4],
    ],
  },
  {
    state: 'GO',
    share: 2.03,
    zip: [72800, 76799],
    cities: [
      ['goiania', 40],
      ['anapolis', 8],
      ['aparecida de goiania', 8],
      ['rio verde', 4],
    ],
  },
  {
    state: 'PE',
    share: 1.66,
    zip: [50000, 56999],
    cities: [
      ['recife', 45],
      ['jaboatao dos guararapes', 10],
      ['olinda', 8],
      ['caruaru', 5],
      ['petrolina', 5],
    ],
  },
  {
    state: 'CE',
    share: 1.34,
    zip: [60000, 63999],
    cities: [
      ['fortaleza', 60],
      ['caucaia', 5],
      ['juazeiro do norte', 5],
      ['sobral', 4],
    ],
  },
  {
    state: 'PA',
    share: 0.98,
    zip: [66000, 68899],
    cities: [
      ['belem', 50],
      ['ananindeua', 10],
      ['santarem', 6],
      ['maraba', 5],
    ],
  },
  {
    state: 'MT',
    share: 0.91,
    zip: [78000, 78899],
    cities: [
      ['cuiaba', 40],
      ['varzea grande', 12],
      ['rondonopolis', 8],
      ['sinop', 6],
    ],
  },
  {
    state: 'MA',
    share: 0.75,
    zip: [65000, 65999],
    cities: [
      ['sao luis', 55],
      ['imperatriz', 12],
      ['timon', 5],
    ],
  },
  {
    state: 'MS',
    share: 0.72,
    zip: [79000, 79999],
    cities: [
      ['campo grande', 60],
      ['dourados', 12],
      ['tres lagoas', 6],
    ],
  },
  {
    state: 'PB',
    share: 0.54,
    zip: [58000, 58999],
    cities: [
      ['joao pessoa', 55],
      ['campina grande', 20],
      ['patos', 4],
    ],
  },
  {
    state: 'PI',
    share: 0.5,
    zip: [64000, 64999],
    cities: [
      ['teresina', 65],
      ['parnaiba', 8],
      ['picos', 5],
    ],
  },
  {
    state: 'RN',
    share: 0.49,
    zip: [59000, 59999],
    cities: [
      ['natal', 60],
      ['mossoro', 12],
      ['parnamirim', 10],
    ],
  },
  {
    state: 'AL',
    share: 0.41,
    zip: [57000, 57999],
    cities: [
      ['maceio', 65],
      ['arapiraca', 12],
    ],
  },
  {
    state: 'SE',
    share: 0.35,
    zip: [49000, 49999],
    cities: [
      ['aracaju', 65],
      ['nossa senhora do socorro', 8],
      ['lagarto', 5],
    ],
  },
  {
    state: 'TO',
    share: 0.28,
    zip: [77000, 77999],
    cities: [
      ['palmas', 45],
      ['araguaina', 20],
      ['gurupi', 8],
    ],
  },
  {
    state: 'RO',
    share: 0.25,
    zip: [76800, 76999],
    cities: [
      ['porto velho', 50],
      ['ji-parana', 12],
      ['ariquemes', 8],
    ],
  },
  {
    state: 'AM',
    share: 0.15,
    zip: [69000, 69299],
    cities: [
      ['manaus', 85],
      ['parintins', 4],
    ],
  },
  {
    state: 'AC',
    share: 0.08,
    zip: [69900, 69999],
    cities: [
      ['rio branco', 80],
      ['cruzeiro do sul', 10],
    ],
  },
  {
    state: 'AP',
    share: 0.07,
    zip: [68900, 68999],
    cities: [
      ['macapa', 85],
      ['santana', 10],
    ],
  },
  {
    state: 'RR',
    share: 0.05,
    zip: [69300, 69399],
    cities: [
      ['boa vista', 90],
      ['rorainopolis', 5],
    ],
  },
];

/** Product categories (Olist's Portuguese snake_case names), most sold first. */
export const CATEGORIES: Weighted<string> = [
  ['cama_mesa_banho', 9.8],
  ['beleza_saude', 8.6],
  ['esporte_lazer', 7.7],
  ['moveis_decoracao', 7.4],
  ['informatica_acessorios', 6.9],
  ['utilidades_domesticas', 6.2],
  ['relogios_presentes', 5.3],
  ['telefonia', 4.1],
  ['ferramentas_jardim', 3.9],
  ['automotivo', 3.8],
  ['brinquedos', 3.6],
  ['cool_stuff', 3.4],
  ['perfumaria', 3.1],
  ['bebes', 2.7],
  ['eletronicos', 2.5],
  ['papelaria', 2.2],
  ['fashion_bolsas_e_acessorios', 1.8],
  ['pet_shop', 1.7],
  ['moveis_escritorio', 1.5],
  ['consoles_games', 1.0],
  ['malas_acessorios', 1.0],
  ['construcao_ferramentas_construcao', 0.8],
  ['eletrodomesticos', 0.7],
  ['instrumentos_musicais', 0.6],
  ['eletroportateis', 0.6],
  ['casa_construcao', 0.5],
  ['livros_interesse_geral', 0.5],
  ['alimentos', 0.4],
  ['moveis_sala', 0.4],
  ['casa_conforto', 0.4],
  ['bebidas', 0.3],
  ['audio', 0.3],
  ['market_place', 0.3],
  ['climatizacao', 0.25],
  ['industria_comercio_e_negocios', 0.2],
  ['artes', 0.2],
  ['fashion_calcados', 0.2],
  ['sinalizacao_e_seguranca', 0.17],
  ['pcs', 0.15],
  ['livros_tecnicos', 0.12],
  ['artigos_de_natal', 0.12],
  ['fashion_roupa_masculina', 0.1],
  ['agro_industria_e_comercio', 0.1],
];

/** Share of products with no category (and then no name, description or photo counts either). */
export const PRODUCT_NO_CATEGORY = 610 / 32951;

export const PHOTOS_QTY: Weighted<number> = [
  [1, 50],
  [2, 19],
  [3, 11],
  [4, 8],
  [5, 5],
  [6, 3],
  [7, 1.5],
  [8, 1],
  [9, 0.5],
  [10, 0.5],
];
