// pages/rgw - the Object Gateway (issue 12): its daemons (daemons.tsx), users with
// their keys, subusers, caps and quotas (users.tsx, user.tsx, keys.tsx, quota.tsx),
// and buckets (buckets.tsx, bucket.tsx). What they share is in common.tsx, the checks
// and request bodies in values.ts.
export { RgwDaemons } from './daemons';
export { RgwUsers } from './users';
export { RgwUserDetail } from './user';
export { RgwBuckets } from './buckets';
export { RgwBucketDetail } from './bucket';
