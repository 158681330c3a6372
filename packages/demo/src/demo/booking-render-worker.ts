import { parentPort } from "node:worker_threads";
import { extractTemplate, writeTenprintTemplate } from "@tenprint/afis";
import type { EnrolledPrint, SubjectRecord } from "@tenprint/hub";
import { serializeTransaction } from "@tenprint/nist";
import {
  type Booking,
  bookingCar,
  bookingFingerImages,
  bookingStream,
  engineRenderer,
  wsqEncoder,
} from "@tenprint/synth";
import { demoBookingOrder } from "./demo-booking-order.js";
import { DEMO_PARAMETERS } from "./demo-parameters.js";
import { demoWorld } from "./demo-world.js";
import { criminalSubjectRecord, identSubjectRecord } from "./subject-records.js";

/**
 * The demo's booking renderer, on its own thread so that rendering (seconds per new person) never stalls
 * the API or the workflow. It walks the deterministic booking stream, and for a person booked for the first
 * time it also renders the rolled prints their earlier records hold (the repositories' ground truth).
 */
export interface RenderInit {
  readonly seed: string;
  readonly state: string;
  readonly people: number;
  /** Bookings of the stream already submitted (a restart continues after them). */
  readonly skip: number;
  /** Identities already enrolled with rendered prints (FBI numbers and FINs). */
  readonly enrolled: readonly string[];
}

export interface RenderedEnrolment {
  readonly repository: "criminal" | "ident";
  readonly record: SubjectRecord;
  readonly templates: readonly { readonly position: number; readonly bytes: Uint8Array }[];
  /** The rolled prints the templates came from, WSQ: what an LESC analyst compares a booking with. */
  readonly prints: readonly EnrolledPrint[];
}

export interface RenderedBooking {
  readonly sequence: number;
  readonly tcn: string;
  readonly sibOri: string;
  readonly car: Uint8Array;
  readonly enrolments: readonly RenderedEnrolment[];
  readonly truth: Booking["truth"];
}

export type RenderRequest = { readonly type: "init"; readonly init: RenderInit } | { readonly type: "next" };
export type RenderReply =
  | { readonly type: "booking"; readonly booking: RenderedBooking }
  | { readonly type: "error"; readonly message: string };

/** The rolled impression the repositories hold; bookings use later impressions of the same masters. */
const ENROLLED_IMPRESSION = 1;
const FIRST_BOOKING_IMPRESSION = 2;

let next: (() => RenderedBooking) | undefined;

function start(init: RenderInit): () => RenderedBooking {
  const world = demoWorld({ seed: init.seed, state: init.state, people: init.people });
  const people = new Map(world.population.people.map((person) => [person.id, person]));
  const criminal = new Map(world.population.criminalRecords.map((record) => [record.personId, record]));
  const ident = new Map(world.population.immigrationRecords.map((record) => [record.personId, record]));
  const enrolled = new Set(init.enrolled);
  const render = engineRenderer();
  const wsq = wsqEncoder();
  const stream = demoBookingOrder(
    bookingStream({
      population: world.population,
      jurisdictions: world.jurisdictions,
      seed: init.seed,
      state: world.state,
    }),
    DEMO_PARAMETERS.earlyMatchLookahead,
  );
  for (let i = 0; i < init.skip; i++) stream.next();
  return () => {
    const booking = stream.next().value;
    const person = people.get(booking.truth.personId);
    if (!person) throw new Error(`booking ${booking.tcn} names unknown person ${booking.truth.personId}`);
    const enrolments: RenderedEnrolment[] = [];
    const records = [
      ["criminal", criminal.get(person.id) && criminalSubjectRecord(person, criminal.get(person.id)!)],
      ["ident", ident.get(person.id) && identSubjectRecord(person, ident.get(person.id)!)],
    ] as const;
    for (const [repository, record] of records) {
      if (!record || enrolled.has(record.identity)) continue;
      const images = person.fingers.map((finger) => ({
        position: finger.position,
        image: render({ finger, kind: "rolled", impression: ENROLLED_IMPRESSION }),
      }));
      const templates = images.map(({ position, image }) => ({
        position,
        bytes: writeTenprintTemplate(extractTemplate(image)),
      }));
      const prints = images.map(({ position, image }) => ({
        position,
        wsq: wsq(image).data,
        ppi: image.ppi,
      }));
      enrolments.push({ repository, record, templates, prints });
      enrolled.add(record.identity);
    }
    const impression = FIRST_BOOKING_IMPRESSION + booking.truth.earlierBookingsInStream;
    const car = serializeTransaction(
      bookingCar(booking, bookingFingerImages(person, impression, render, wsq)),
    );
    return {
      sequence: booking.sequence,
      tcn: booking.tcn,
      sibOri: booking.sibOri,
      car,
      enrolments,
      truth: booking.truth,
    };
  };
}

parentPort?.on("message", (request: RenderRequest) => {
  try {
    if (request.type === "init") {
      next = start(request.init);
      return;
    }
    if (!next) throw new Error("the render worker was asked for a booking before init");
    const booking = next();
    parentPort?.postMessage({ type: "booking", booking } satisfies RenderReply, [
      booking.car.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    parentPort?.postMessage({
      type: "error",
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies RenderReply);
  }
});
