import type { EnrolledFinger, ProbeFinger, SearchResult, TenprintGallery } from "@tenprint/afis";

/** What a repository knows of an enrolled subject beside its prints. */
export interface EnrolledSubject {
  readonly identity: string;
  /** FBI number / UCN, answered in an SRE. */
  readonly fbiNumber?: string;
  /** IDENT fingerprint identification number, answered in an IDR. */
  readonly fin?: string;
}

/** A 1:N fingerprint repository (criminal or IDENT) as the services see it. */
export interface BiometricRepository {
  enrol(subject: EnrolledSubject, fingers: readonly EnrolledFinger[]): Promise<void>;
  identify(probe: readonly ProbeFinger[]): Promise<SearchResult>;
  get(identity: string): Promise<EnrolledSubject | undefined>;
}

/** A repository over an in-memory TenprintGallery; the subjects' identifiers are kept beside it. */
export function galleryRepository(gallery: TenprintGallery): BiometricRepository {
  const subjects = new Map<string, EnrolledSubject>();
  return {
    async enrol(subject, fingers) {
      gallery.enrol(subject.identity, fingers);
      subjects.set(subject.identity, subject);
    },
    identify: (probe) => gallery.search(probe),
    async get(identity) {
      return subjects.get(identity);
    },
  };
}
