// TEMPORARY: a type-only stand-in for `AppRouter` from @intake/api, built from the shared schema
// types, until apps/api exports the real router type. Nothing here reaches the bundle.
import type {
  CreateFromRowsInput,
  CreateFromRowsOutput,
  DatasetRowsInput,
  DatasetRowsOutput,
  DatasetSummary,
  ErrorCode,
  ErrorIssue,
  ImportDetail,
  ImportsListInput,
  ImportsListOutput,
} from '@intake/schema';
import type {
  TRPCBuiltRouter,
  TRPCDefaultErrorShape,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
} from '@trpc/server';

type ErrorShape = TRPCDefaultErrorShape & {
  data: TRPCDefaultErrorShape['data'] & {
    appCode: ErrorCode;
    requestId?: string;
    issues?: ErrorIssue[];
  };
};
type Q<I, O> = TRPCQueryProcedure<{ input: I; output: O; meta: object }>;
type M<I, O> = TRPCMutationProcedure<{ input: I; output: O; meta: object }>;

export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ErrorShape; transformer: false },
  {
    imports: {
      createFromRows: M<CreateFromRowsInput, CreateFromRowsOutput>;
      list: Q<ImportsListInput, ImportsListOutput>;
      get: Q<{ id: string }, ImportDetail>;
    };
    datasets: {
      list: Q<undefined, { items: DatasetSummary[] }>;
      rows: Q<DatasetRowsInput, DatasetRowsOutput>;
    };
  }
>;
