import { expect, it } from "vitest";

// The package's public API (decision 0013): a name added here is a promise to users, so a change to this
// list is a change to review, not a side effect of exporting a helper for a test.
it("exports exactly its documented runtime names", async () => {
  const names = Object.keys(await import("../src/index.js")).sort();
  expect(names).toMatchInlineSnapshot(`
    [
      "BINARY_RECORD_LAYOUTS",
      "CAR_PROFILE",
      "CNA_PROFILE",
      "CODE_TABLES",
      "CPNU_PROFILE",
      "DEFAULT_MAX_PROBLEMS",
      "DEFAULT_PARSE_LIMITS",
      "DEFAULT_WSQ_BITRATE",
      "DEFAULT_WSQ_PPI",
      "EBTS_PROFILES",
      "ERRT_PROFILE",
      "EbtsError",
      "IAQ_PROFILE",
      "IAR_PROFILE",
      "IDR_PROFILE",
      "IMMIGRATION_STATUS_CODES",
      "LESC_ORI",
      "NCIC_OFFENSE_CATEGORIES",
      "NistError",
      "SRE_PROFILE",
      "WSQ_LIMITS",
      "WsqError",
      "binaryRecordLength",
      "buildCar",
      "buildCna",
      "buildCpnu",
      "buildErrt",
      "buildIaq",
      "buildIar",
      "buildIdr",
      "buildSre",
      "dataField",
      "decodeWsq",
      "describeRecordCounts",
      "encodeWsq",
      "errtMessages",
      "fieldOffsets",
      "fieldSpecByMnemonic",
      "fieldSpecByTag",
      "fieldSpecsOf",
      "fieldText",
      "findField",
      "firstItem",
      "formatIaqNlets",
      "formatName",
      "formatProblem",
      "formatTag",
      "getByMnemonic",
      "getTextByMnemonic",
      "getValuesByMnemonic",
      "hasErrors",
      "isNcicOffenseCode",
      "lookupText",
      "mnemonicOfTag",
      "parseIaqNlets",
      "parseName",
      "parseTag",
      "parseTransaction",
      "problemFromNistError",
      "profileForTot",
      "readBooking",
      "recordsOfType",
      "responseContextOf",
      "serializeTransaction",
      "tagOfMnemonic",
      "taggedRecordsOfType",
      "textField",
      "validateTransaction",
      "validateTransactionReport",
      "withField",
      "withRecord",
      "withoutField",
    ]
  `);
});

it("keeps the Node-only image codecs in @tenprint/nist/image", async () => {
  const names = Object.keys(await import("../src/image/index.js")).sort();
  expect(names).toMatchInlineSnapshot(`
    [
      "DEFAULT_IMAGE_LIMITS",
      "ImageError",
      "decodeImage",
      "encodePgm",
      "encodePng",
      "sniffImageFormat",
    ]
  `);
});
